package dev.tokenguard.agent.okhttp.v3_0;

import static dev.tokenguard.agent.library.GuardScripts.refusal;
import static dev.tokenguard.agent.library.GuardScripts.tokenAnswer;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tokenguard.agent.library.BlockingExchange;
import dev.tokenguard.agent.library.ClientLibraryScenarios;
import dev.tokenguard.core.http.Decision;
import java.io.IOException;
import java.lang.reflect.Field;
import java.nio.charset.StandardCharsets;
import java.util.List;
import okhttp3.Interceptor;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import okhttp3.mockwebserver.MockResponse;
import okio.BufferedSink;
import org.junit.jupiter.api.Test;

class OkHttp3InstrumentationTest extends ClientLibraryScenarios {
    private static final MediaType FORM_TYPE = MediaType.parse("application/x-www-form-urlencoded");

    private static OkHttpClient client() {
        return new OkHttpClient.Builder().build();
    }

    private Request tokenRequest() {
        return new Request.Builder().url(carrier.url("/oauth/token"))
                .header("X-Trace", "abc")
                .post(RequestBody.create(FORM_TYPE, FORM))
                .build();
    }

    private static String call(Request request) throws IOException {
        try (Response response = client().newCall(request).execute()) {
            return response.code() + " " + response.body().string();
        }
    }

    @Override
    protected String get(String url, String... fields) throws IOException {
        Request.Builder get = new Request.Builder().url(url);
        for (int i = 0; i < fields.length; i += 2) {
            get.header(fields[i], fields[i + 1]);
        }
        return call(get.build());
    }

    @Override
    protected String post(String path, String body) throws IOException {
        return call(new Request.Builder().url(carrier.url(path)).post(RequestBody.create(FORM_TYPE, body)).build());
    }

    @Override
    protected String requestToken() throws IOException {
        return call(tokenRequest());
    }

    /** The interceptor sits above OkHttp's own redirect following, so it hears only the final answer. */
    @Override
    protected List<String> reportsOfARedirectToAnotherHost() {
        return List.of("e1 200");
    }

    @Test
    void everyBuilderGetsTheInterceptorOnceAndLast() {
        Interceptor applications = chain -> chain.proceed(chain.request());
        OkHttpClient client = new OkHttpClient.Builder().addInterceptor(applications).build();
        OkHttpClient copy = client.newBuilder().build();

        for (OkHttpClient each : List.of(client, copy, new OkHttpClient())) {
            List<Interceptor> interceptors = each.interceptors();
            assertEquals(1, interceptors.stream().filter(i -> i.getClass().getSimpleName().equals("GuardInterceptor")).count());
            assertEquals("GuardInterceptor", interceptors.get(interceptors.size() - 1).getClass().getSimpleName());
        }
    }

    /**
     * A client as the application built it before tokenguard was attached: its interceptors without
     * ours (the builder's hook, installed in this JVM, added it; the field is set back by hand).
     */
    private static OkHttpClient builtBeforeTheAttach(Interceptor... theirs) throws ReflectiveOperationException {
        OkHttpClient client = new OkHttpClient.Builder().build();
        Field interceptors = OkHttpClient.class.getDeclaredField("interceptors");
        interceptors.setAccessible(true);
        interceptors.set(client, List.of(theirs));
        return client;
    }

    private static long guardInterceptors(List<Interceptor> interceptors) {
        return interceptors.stream().filter(i -> i.getClass().getSimpleName().equals("GuardInterceptor")).count();
    }

    @Test
    void aClientBuiltBeforeTheAttachGetsTheInterceptorLastOnItsFirstCallAndKeepsIt() throws Exception {
        Interceptor applications = chain -> chain.proceed(chain.request());
        OkHttpClient client = builtBeforeTheAttach(applications);

        List<Interceptor> first = client.interceptors();

        assertEquals(2, first.size());
        assertSame(applications, first.get(0));
        assertEquals("GuardInterceptor", first.get(1).getClass().getSimpleName());
        assertSame(first, client.interceptors(), "written into the client: no new list on later calls");
    }

    @Test
    void aCallOfAClientBuiltBeforeTheAttachIsGuarded() throws Exception {
        guard.decide(request -> refusal(30));
        carrier.enqueue(new MockResponse().setBody("what an unguarded call would get"));
        OkHttpClient client = builtBeforeTheAttach();

        try (Response response = client.newCall(tokenRequest()).execute()) {
            assertEquals(503, response.code());
            assertTrue(response.header("X-Tokenguard").startsWith("refused"));
        }
        assertEquals(0, carrier.getRequestCount());
    }

    @Test
    void aCopyOfAClientPatchedAtItsFirstCallHasTheInterceptorOnce() throws Exception {
        OkHttpClient client = builtBeforeTheAttach();
        client.interceptors();

        assertEquals(1, guardInterceptors(client.newBuilder().build().interceptors()));
    }

    @Test
    void aCachedTokenIsServedAsANativeResponseWithoutTheNetwork() throws Exception {
        guard.decide(request -> tokenAnswer("{\"access_token\":\"t1\",\"expires_in\":3599}"));

        try (Response response = client().newCall(tokenRequest()).execute()) {
            assertEquals(200, response.code());
            assertEquals("application/json", response.body().contentType().toString());
            assertEquals("no-store", response.header("Cache-Control"));
            assertEquals("{\"access_token\":\"t1\",\"expires_in\":3599}", response.body().string());
        }
        assertEquals(0, carrier.getRequestCount());
    }

    @Test
    void aRefusalReachesTheApplicationWithItsHeaders() throws Exception {
        guard.decide(request -> refusal(30));

        try (Response response = client().newCall(tokenRequest()).execute()) {
            assertEquals(503, response.code());
            assertEquals("30", response.header("Retry-After"));
            assertTrue(response.header("X-Tokenguard").startsWith("refused"));
        }
        assertEquals(0, carrier.getRequestCount());
    }

    @Test
    void aTokenFormOfUnknownLengthIsReadForTheGuardAndSent() throws Exception {
        // As agent-core does: a token request whose form it cannot read is refused.
        guard.decide(request -> request.body() == null ? refusal(30) : Decision.PASS);
        carrier.enqueue(new MockResponse().setBody("token"));

        assertEquals("200 token", call(new Request.Builder().url(carrier.url("/oauth/token"))
                .post(unknownLength(FORM.getBytes(StandardCharsets.UTF_8))).build()));
        assertEquals(FORM, new String(guard.decided.get(0).body(), StandardCharsets.UTF_8));
        assertEquals(FORM, carrier.takeRequest().getBody().readUtf8());
    }

    @Test
    void aBodyOfUnknownLengthBeyondTheLimitIsNotHeldButSentWhole() throws Exception {
        byte[] large = new byte[BlockingExchange.MAX_BUFFERED_BODY + 100];
        carrier.enqueue(new MockResponse().setBody("stored"));

        assertEquals("200 stored", call(new Request.Builder().url(carrier.url("/documents"))
                .post(unknownLength(large)).build()));
        assertTrue(guard.decided.get(0).body() == null, "the guard is told the body is not held");
        assertEquals(large.length, carrier.takeRequest().getBodySize());
    }

    /** A body that does not say its length (it is sent chunked), and that OkHttp may write again. */
    private static RequestBody unknownLength(byte[] content) {
        return new RequestBody() {
            @Override
            public MediaType contentType() {
                return FORM_TYPE;
            }

            @Override
            public long contentLength() {
                return -1;
            }

            @Override
            public void writeTo(BufferedSink sink) throws IOException {
                sink.write(content);
            }
        };
    }
}
