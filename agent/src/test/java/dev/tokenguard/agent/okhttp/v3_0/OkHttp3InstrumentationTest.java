package dev.tokenguard.agent.okhttp.v3_0;

import static dev.tokenguard.agent.ScriptedGuard.proceedWith;
import static dev.tokenguard.agent.library.GuardScripts.refusal;
import static dev.tokenguard.agent.library.GuardScripts.replayWith;
import static dev.tokenguard.agent.library.GuardScripts.reports;
import static dev.tokenguard.agent.library.GuardScripts.tokenAnswer;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tokenguard.agent.ScriptedGuard;
import dev.tokenguard.agent.TestAgent;
import dev.tokenguard.core.http.AfterResponse;
import dev.tokenguard.core.http.OutboundRequest;
import java.io.IOException;
import java.net.ServerSocket;
import java.util.List;
import java.util.concurrent.TimeUnit;
import okhttp3.Interceptor;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import okhttp3.mockwebserver.MockResponse;
import okhttp3.mockwebserver.MockWebServer;
import okhttp3.mockwebserver.RecordedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(30)
class OkHttp3InstrumentationTest {
    private static final MediaType FORM = MediaType.parse("application/x-www-form-urlencoded");

    private final MockWebServer carrier = new MockWebServer();
    private final MockWebServer elsewhere = new MockWebServer();
    private ScriptedGuard guard;

    @BeforeEach
    void start() throws IOException {
        carrier.start();
        elsewhere.start();
        guard = TestAgent.guard().carrier(carrier.getHostName(), carrier.getPort());
    }

    @AfterEach
    void stop() throws IOException {
        carrier.shutdown();
        elsewhere.shutdown();
    }

    private static OkHttpClient client() {
        return new OkHttpClient.Builder().build();
    }

    private Request tokenRequest() {
        return new Request.Builder().url(carrier.url("/oauth/token"))
                .header("X-Trace", "abc")
                .post(RequestBody.create(FORM, "grant_type=client_credentials&client_id=id&client_secret=s"))
                .build();
    }

    private static String call(OkHttpClient client, Request request) throws IOException {
        try (Response response = client.newCall(request).execute()) {
            return response.code() + " " + response.body().string();
        }
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

    @Test
    void aRequestToAnotherHostIsNeitherDescribedNorTouched() throws Exception {
        elsewhere.enqueue(new MockResponse().setBody("fine"));

        String answer = call(client(), new Request.Builder().url(elsewhere.url("/x")).header("Authorization", "Basic app").build());

        assertEquals("200 fine", answer);
        assertEquals(List.of(), guard.decided);
        assertEquals("Basic app", elsewhere.takeRequest().getHeader("Authorization"));
    }

    @Test
    void aPassedCarrierRequestGoesOutExactlyAsWithoutTheAgent() throws Exception {
        carrier.enqueue(new MockResponse().setBody("a"));
        carrier.enqueue(new MockResponse().setBody("b"));
        OkHttpClient client = client();

        call(client, tokenRequest());
        OutboundRequest described = guard.decided.get(0);
        guard.reset(); // no carrier host any more: tokenguard stands aside as if absent
        call(client, tokenRequest());

        RecordedRequest guarded = carrier.takeRequest();
        RecordedRequest bare = carrier.takeRequest();
        assertEquals(bare.getHeaders(), guarded.getHeaders());
        assertEquals(bare.getBody().readUtf8(), guarded.getBody().readUtf8());
        assertEquals("grant_type=client_credentials&client_id=id&client_secret=s",
                new String(described.body()));
        assertEquals(guarded.getHeader("Content-Type"), described.headers().first("Content-Type"));
    }

    @Test
    void proceedSetsTheHeadersAndReportsTheStatus() throws Exception {
        guard.decide(request -> proceedWith("e1", "Authorization", "Bearer fresh"));
        carrier.enqueue(new MockResponse().setResponseCode(201).setBody("made"));

        String answer = call(client(), new Request.Builder().url(carrier.url("/ship/v1/shipments"))
                .header("Authorization", "Bearer stale").build());

        assertEquals("201 made", answer);
        assertEquals(List.of("Bearer fresh"), carrier.takeRequest().getHeaders().values("Authorization"));
        assertEquals(List.of("e1 201"), reports(guard));
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
    void a401IsReplayedOnceWithTheNewHeaders() throws Exception {
        guard.decide(request -> proceedWith("e1", "Authorization", "Bearer old"))
                .afterResponse(reported -> reported.status() == 401 ? replayWith("e2", "Authorization", "Bearer new") : AfterResponse.DONE);
        carrier.enqueue(new MockResponse().setResponseCode(401).setBody("{\"code\":\"NOT.AUTHORIZED.ERROR\"}"));
        carrier.enqueue(new MockResponse().setBody("rated"));

        String answer = call(client(), new Request.Builder().url(carrier.url("/rate/v1/rates/quotes"))
                .post(RequestBody.create(FORM, "q=1")).build());

        assertEquals("200 rated", answer);
        assertEquals("Bearer old", carrier.takeRequest().getHeader("Authorization"));
        RecordedRequest replay = carrier.takeRequest();
        assertEquals("Bearer new", replay.getHeader("Authorization"));
        assertEquals("q=1", replay.getBody().readUtf8());
        assertEquals(List.of("e1 401", "e2 200"), reports(guard));
    }

    @Test
    void aSecond401GoesToTheApplication() throws Exception {
        guard.decide(request -> proceedWith("e1", "Authorization", "Bearer old"))
                .afterResponse(reported -> replayWith("again", "Authorization", "Bearer new"));
        carrier.enqueue(new MockResponse().setResponseCode(401));
        carrier.enqueue(new MockResponse().setResponseCode(401).setBody("still no"));

        assertEquals("401 still no", call(client(), new Request.Builder().url(carrier.url("/track")).build()));
        assertEquals(2, carrier.getRequestCount());
    }

    @Test
    void theBearerDoesNotFollowARedirectToAnotherHost() throws Exception {
        guard.decide(request -> proceedWith("e1", "Authorization", "Bearer secret"));
        carrier.enqueue(new MockResponse().setResponseCode(302).setHeader("Location", elsewhere.url("/landing")));
        elsewhere.enqueue(new MockResponse().setBody("landed"));

        assertEquals("200 landed", call(client(), new Request.Builder().url(carrier.url("/track")).build()));

        assertEquals("Bearer secret", carrier.takeRequest().getHeader("Authorization"));
        assertNull(elsewhere.takeRequest(1, TimeUnit.SECONDS).getHeader("Authorization"));
    }

    @Test
    void aGuardThatThrowsLeavesTheCallAsWithoutTheAgent() throws Exception {
        guard.decide(request -> {
            throw new IllegalStateException("bug in agent-core");
        });
        carrier.enqueue(new MockResponse().setBody("ok"));

        assertEquals("200 ok", call(client(), tokenRequest()));
        assertEquals("grant_type=client_credentials&client_id=id&client_secret=s", carrier.takeRequest().getBody().readUtf8());
    }

    @Test
    void aNetworkFailureReachesTheApplicationAndIsReported() throws Exception {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        guard.carrier("127.0.0.1", closedPort).decide(request -> proceedWith("e1", "Authorization", "Bearer t"));

        assertThrows(IOException.class, () -> call(client(),
                new Request.Builder().url("http://127.0.0.1:" + closedPort + "/track").build()));
        assertEquals(List.of("e1 failed"), reports(guard));
    }
}
