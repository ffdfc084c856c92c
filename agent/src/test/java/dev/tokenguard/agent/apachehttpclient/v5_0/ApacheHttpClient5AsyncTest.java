package dev.tokenguard.agent.apachehttpclient.v5_0;

import static dev.tokenguard.agent.ScriptedGuard.proceedWith;
import static dev.tokenguard.agent.library.GuardScripts.refusal;
import static dev.tokenguard.agent.library.GuardScripts.replayWith;
import static dev.tokenguard.agent.library.GuardScripts.reports;
import static dev.tokenguard.agent.library.GuardScripts.tokenAnswer;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.tokenguard.agent.ScriptedGuard;
import dev.tokenguard.agent.TestAgent;
import dev.tokenguard.core.http.AfterResponse;
import dev.tokenguard.core.http.OutboundRequest;
import java.io.IOException;
import java.net.ServerSocket;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import okhttp3.mockwebserver.MockResponse;
import okhttp3.mockwebserver.MockWebServer;
import okhttp3.mockwebserver.RecordedRequest;
import org.apache.hc.client5.http.async.methods.SimpleHttpRequest;
import org.apache.hc.client5.http.async.methods.SimpleHttpResponse;
import org.apache.hc.client5.http.async.methods.SimpleRequestBuilder;
import org.apache.hc.client5.http.async.methods.SimpleRequestProducer;
import org.apache.hc.client5.http.async.methods.SimpleResponseConsumer;
import org.apache.hc.client5.http.impl.async.CloseableHttpAsyncClient;
import org.apache.hc.client5.http.impl.async.HttpAsyncClients;
import org.apache.hc.core5.concurrent.FutureCallback;
import org.apache.hc.core5.http.ContentType;
import org.apache.hc.core5.http.HttpResponse;
import org.apache.hc.core5.http.Message;
import org.apache.hc.core5.http.Method;
import org.apache.hc.core5.http.nio.entity.AsyncEntityProducers;
import org.apache.hc.core5.http.nio.entity.StringAsyncEntityConsumer;
import org.apache.hc.core5.http.nio.support.BasicRequestProducer;
import org.apache.hc.core5.http.nio.support.BasicResponseConsumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(30)
class ApacheHttpClient5AsyncTest {
    private static final String FORM = "grant_type=client_credentials&client_id=id&client_secret=s";

    private final MockWebServer carrier = new MockWebServer();
    private final MockWebServer elsewhere = new MockWebServer();
    private ScriptedGuard guard;
    private CloseableHttpAsyncClient client;

    @BeforeEach
    void start() throws IOException {
        carrier.start();
        elsewhere.start();
        guard = TestAgent.guard().carrier(carrier.getHostName(), carrier.getPort());
        client = HttpAsyncClients.createDefault();
        client.start();
    }

    @AfterEach
    void stop() throws IOException {
        client.close();
        carrier.shutdown();
        elsewhere.shutdown();
    }

    private SimpleHttpRequest tokenRequest() {
        return SimpleRequestBuilder.post(carrier.url("/oauth/token").uri())
                .setHeader("X-Trace", "abc")
                .setBody(FORM, ContentType.APPLICATION_FORM_URLENCODED)
                .build();
    }

    /** With SimpleRequestProducer and SimpleResponseConsumer, completing the application's FutureCallback. */
    private SimpleHttpResponse simple(SimpleHttpRequest request) throws Exception {
        CompletableFuture<SimpleHttpResponse> completed = new CompletableFuture<>();
        client.execute(SimpleRequestProducer.create(request), SimpleResponseConsumer.create(),
                new FutureCallback<SimpleHttpResponse>() {
                    @Override
                    public void completed(SimpleHttpResponse result) {
                        completed.complete(result);
                    }

                    @Override
                    public void failed(Exception ex) {
                        completed.completeExceptionally(ex);
                    }

                    @Override
                    public void cancelled() {
                        completed.cancel(false);
                    }
                });
        return completed.get(10, TimeUnit.SECONDS);
    }

    /** With the basic producer and consumer, through the returned Future. */
    private Message<HttpResponse, String> basic(Method method, String path, String body) throws Exception {
        BasicRequestProducer producer = new BasicRequestProducer(method, carrier.url(path).uri(),
                body == null ? null : AsyncEntityProducers.create(body, ContentType.TEXT_PLAIN));
        return client.execute(producer, new BasicResponseConsumer<>(new StringAsyncEntityConsumer()), null)
                .get(10, TimeUnit.SECONDS);
    }

    @Test
    void aRequestToAnotherHostIsNeitherDescribedNorTouched() throws Exception {
        elsewhere.enqueue(new MockResponse().setBody("fine"));

        SimpleHttpResponse response = simple(SimpleRequestBuilder.get(elsewhere.url("/x").uri())
                .setHeader("Authorization", "Basic app").build());

        assertEquals("fine", response.getBodyText());
        assertEquals(List.of(), guard.decided);
        assertEquals("Basic app", elsewhere.takeRequest().getHeader("Authorization"));
    }

    @Test
    void aPassedCarrierRequestGoesOutExactlyAsWithoutTheAgent() throws Exception {
        carrier.enqueue(new MockResponse().setBody("a"));
        carrier.enqueue(new MockResponse().setBody("b"));

        simple(tokenRequest());
        OutboundRequest described = guard.decided.get(0);
        guard.reset(); // no carrier host any more: tokenguard stands aside as if absent
        simple(tokenRequest());

        RecordedRequest guarded = carrier.takeRequest();
        RecordedRequest bare = carrier.takeRequest();
        assertEquals(bare.getHeaders(), guarded.getHeaders());
        assertEquals(bare.getBody().readUtf8(), guarded.getBody().readUtf8());
        assertEquals(FORM, new String(described.body()));
        assertEquals(guarded.getHeader("Content-Type"), described.headers().first("Content-Type"));
    }

    @Test
    void proceedSetsTheHeadersAndReportsTheStatus() throws Exception {
        guard.decide(request -> proceedWith("e1", "Authorization", "Bearer fresh"));
        carrier.enqueue(new MockResponse().setResponseCode(201).setBody("made"));

        Message<HttpResponse, String> response = basic(Method.POST, "/ship/v1/shipments", "{}");

        assertEquals(201, response.getHead().getCode());
        assertEquals("made", response.getBody());
        RecordedRequest sent = carrier.takeRequest();
        assertEquals(List.of("Bearer fresh"), sent.getHeaders().values("Authorization"));
        assertEquals("{}", sent.getBody().readUtf8());
        assertEquals(List.of("e1 201"), reports(guard));
    }

    @Test
    void aCachedTokenCompletesTheApplicationsCallbackAndConsumerNatively() throws Exception {
        guard.decide(request -> tokenAnswer("{\"access_token\":\"t1\",\"expires_in\":3599}"));

        SimpleHttpResponse response = simple(tokenRequest());
        Message<HttpResponse, String> basic = basic(Method.POST, "/oauth/token", FORM);

        assertEquals(200, response.getCode());
        assertEquals("application/json", response.getContentType().getMimeType());
        assertEquals("no-store", response.getFirstHeader("Cache-Control").getValue());
        assertEquals("{\"access_token\":\"t1\",\"expires_in\":3599}", response.getBodyText());
        assertEquals("{\"access_token\":\"t1\",\"expires_in\":3599}", basic.getBody());
        assertEquals(0, carrier.getRequestCount());
    }

    @Test
    void anHttp2ClientGetsTheHandlerToo() throws Exception {
        guard.decide(request -> tokenAnswer("{\"access_token\":\"t2\"}"));

        try (CloseableHttpAsyncClient h2 = HttpAsyncClients.createHttp2Default()) {
            h2.start();
            SimpleHttpResponse response = h2.execute(tokenRequest(), null).get(10, TimeUnit.SECONDS);

            assertEquals(200, response.getCode());
            assertEquals("{\"access_token\":\"t2\"}", response.getBodyText());
        }
        assertEquals(0, carrier.getRequestCount());
    }

    @Test
    void aRefusalReachesTheApplicationWithItsHeaders() throws Exception {
        guard.decide(request -> refusal(30));

        SimpleHttpResponse response = simple(tokenRequest());

        assertEquals(503, response.getCode());
        assertEquals("30", response.getFirstHeader("Retry-After").getValue());
        assertEquals("refused; reason=token-rate", response.getFirstHeader("X-Tokenguard").getValue());
        assertEquals(0, carrier.getRequestCount());
    }

    @Test
    void a401IsReplayedOnceWithTheNewHeaders() throws Exception {
        guard.decide(request -> proceedWith("e1", "Authorization", "Bearer old"))
                .afterResponse(reported -> reported.status() == 401 ? replayWith("e2", "Authorization", "Bearer new") : AfterResponse.DONE);
        carrier.enqueue(new MockResponse().setResponseCode(401).setBody("{\"code\":\"NOT.AUTHORIZED.ERROR\"}"));
        carrier.enqueue(new MockResponse().setBody("rated"));

        Message<HttpResponse, String> response = basic(Method.POST, "/rate/v1/rates/quotes", "q=1");

        assertEquals("rated", response.getBody());
        assertEquals("Bearer old", carrier.takeRequest().getHeader("Authorization"));
        RecordedRequest replay = carrier.takeRequest();
        assertEquals(List.of("Bearer new"), replay.getHeaders().values("Authorization"));
        assertEquals("q=1", replay.getBody().readUtf8());
        assertEquals(List.of("e1 401", "e2 200"), reports(guard));
    }

    @Test
    void aSecond401GoesToTheApplication() throws Exception {
        guard.decide(request -> proceedWith("e1", "Authorization", "Bearer old"))
                .afterResponse(reported -> replayWith("again", "Authorization", "Bearer new"));
        carrier.enqueue(new MockResponse().setResponseCode(401));
        carrier.enqueue(new MockResponse().setResponseCode(401).setBody("still no"));

        SimpleHttpResponse response = simple(SimpleRequestBuilder.get(carrier.url("/track").uri()).build());

        assertEquals(401, response.getCode());
        assertEquals("still no", response.getBodyText());
        assertEquals(2, carrier.getRequestCount());
    }

    @Test
    void theBearerDoesNotFollowARedirectToAnotherHost() throws Exception {
        guard.decide(request -> proceedWith("e1", "Authorization", "Bearer secret"));
        carrier.enqueue(new MockResponse().setResponseCode(302).setHeader("Location", elsewhere.url("/landing")));
        elsewhere.enqueue(new MockResponse().setBody("landed"));

        SimpleHttpResponse response = simple(SimpleRequestBuilder.get(carrier.url("/track").uri()).build());

        assertEquals("landed", response.getBodyText());
        assertEquals("Bearer secret", carrier.takeRequest().getHeader("Authorization"));
        assertNull(elsewhere.takeRequest(1, TimeUnit.SECONDS).getHeader("Authorization"));
    }

    @Test
    void aGuardThatThrowsLeavesTheCallAsWithoutTheAgent() throws Exception {
        guard.decide(request -> {
            throw new IllegalStateException("bug in agent-core");
        });
        carrier.enqueue(new MockResponse().setBody("ok"));

        assertEquals("ok", simple(tokenRequest()).getBodyText());
        assertEquals(FORM, carrier.takeRequest().getBody().readUtf8());
    }

    @Test
    void aNetworkFailureReachesTheApplicationAndIsReported() throws Exception {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        guard.carrier("127.0.0.1", closedPort).decide(request -> proceedWith("e1", "Authorization", "Bearer t"));

        assertThrows(ExecutionException.class,
                () -> simple(SimpleRequestBuilder.get("http://127.0.0.1:" + closedPort + "/track").build()));
        assertEquals(List.of("e1 failed"), reports(guard));
    }
}
