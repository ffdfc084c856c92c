package dev.tokenguard.agent.apachehttpclient.v5_0;

import static dev.tokenguard.agent.ScriptedGuard.proceedWith;
import static dev.tokenguard.agent.library.GuardScripts.refusal;
import static dev.tokenguard.agent.library.GuardScripts.replayWith;
import static dev.tokenguard.agent.library.GuardScripts.reports;
import static dev.tokenguard.agent.library.GuardScripts.tokenAnswer;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tokenguard.agent.library.ClientLibraryScenarios;
import dev.tokenguard.core.http.RequestGuard.Replays;
import java.io.IOException;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import okhttp3.mockwebserver.MockResponse;
import okhttp3.mockwebserver.RecordedRequest;
import okhttp3.mockwebserver.SocketPolicy;
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
import org.apache.hc.core5.http.nio.AsyncEntityProducer;
import org.apache.hc.core5.http.nio.DataStreamChannel;
import org.apache.hc.core5.http.nio.entity.AsyncEntityProducers;
import org.apache.hc.core5.http.nio.entity.BasicAsyncEntityProducer;
import org.apache.hc.core5.http.nio.entity.StringAsyncEntityConsumer;
import org.apache.hc.core5.http.nio.support.BasicRequestProducer;
import org.apache.hc.core5.http.nio.support.BasicResponseConsumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class ApacheHttpClient5AsyncTest extends ClientLibraryScenarios {
    private CloseableHttpAsyncClient client;

    @BeforeEach
    void start() {
        client = HttpAsyncClients.createDefault();
        client.start();
    }

    @AfterEach
    void stop() throws IOException {
        client.close();
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

    private static String statusAndBody(SimpleHttpResponse response) {
        return response.getCode() + " " + response.getBodyText();
    }

    @Override
    protected String get(String url, String... fields) throws Exception {
        SimpleRequestBuilder get = SimpleRequestBuilder.get(url);
        for (int i = 0; i < fields.length; i += 2) {
            get.setHeader(fields[i], fields[i + 1]);
        }
        return statusAndBody(simple(get.build()));
    }

    @Override
    protected String post(String path, String body) throws Exception {
        Message<HttpResponse, String> response = basic(Method.POST, path, body);
        return response.getHead().getCode() + " " + response.getBody();
    }

    @Override
    protected String requestToken() throws Exception {
        return statusAndBody(simple(tokenRequest()));
    }

    /** The failure reaches the application through its callback, so the Future it waits on throws. */
    @Override
    protected Class<? extends Exception> networkFailure() {
        return ExecutionException.class;
    }

    /** The guard hears the response on the I/O reactor thread, which must not wait for a renewal. */
    @Override
    protected Replays replaysOfARepeatableRequest() {
        return Replays.WITHOUT_WAITING;
    }

    @Test
    void a401ForABodyThatCannotBeSentAgainGoesToTheApplicationAndTheGuardKnowsIt() throws Exception {
        guard.decide(request -> proceedWith("e1", "Authorization", "Bearer old"))
                .afterResponse(reported -> replayWith("e2", "Authorization", "Bearer new"));
        carrier.enqueue(new MockResponse().setResponseCode(401).setBody("no"));
        AsyncEntityProducer once = new BasicAsyncEntityProducer("q=1", ContentType.TEXT_PLAIN) {
            @Override
            public boolean isRepeatable() {
                return false;
            }
        };

        Message<HttpResponse, String> response = client.execute(
                new BasicRequestProducer(Method.POST, carrier.url("/rate").uri(), once),
                new BasicResponseConsumer<>(new StringAsyncEntityConsumer()), null).get(10, TimeUnit.SECONDS);

        assertEquals(401, response.getHead().getCode());
        assertEquals(1, carrier.getRequestCount());
        // Told NEVER, the guard takes no kill-switch admission (maybe the one probe) for a replay never sent.
        assertEquals(List.of(Replays.NEVER), guard.responses.stream().map(r -> r.replays()).toList());
    }

    @Test
    void aConnectionLostAfterA401ThatIsToBeReplayedReportsTheReplaysFailure() {
        guard.decide(request -> proceedWith("e1", "Authorization", "Bearer old"))
                .afterResponse(reported -> replayWith("e2", "Authorization", "Bearer new"));
        carrier.enqueue(new MockResponse().setResponseCode(401).setBody("x".repeat(100_000))
                .setSocketPolicy(SocketPolicy.DISCONNECT_DURING_RESPONSE_BODY));

        assertThrows(ExecutionException.class, () -> post("/rate", "q=1"));
        // The replay's admission, maybe the kill-switch's one probe, is answered though it never left.
        assertEquals(List.of("e1 401", "e2 failed"), reports(guard));
    }

    @Test
    void proceedSetsTheHeadersOfABasicProducersRequestAndKeepsItsBody() throws Exception {
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

    /** A repeatable body whose first read fails, as a producer backed by a file or a stream may. */
    private static final class FailingOnceProducer implements AsyncEntityProducer {
        private final AsyncEntityProducer body = AsyncEntityProducers.create(FORM, ContentType.APPLICATION_FORM_URLENCODED);
        private boolean failed;

        @Override
        public boolean isRepeatable() {
            return body.isRepeatable();
        }

        @Override
        public void failed(Exception cause) {
            body.failed(cause);
        }

        @Override
        public long getContentLength() {
            return body.getContentLength();
        }

        @Override
        public String getContentType() {
            return body.getContentType();
        }

        @Override
        public String getContentEncoding() {
            return body.getContentEncoding();
        }

        @Override
        public boolean isChunked() {
            return body.isChunked();
        }

        @Override
        public Set<String> getTrailerNames() {
            return body.getTrailerNames();
        }

        @Override
        public int available() {
            return body.available();
        }

        @Override
        public void produce(DataStreamChannel channel) throws IOException {
            if (!failed) {
                failed = true;
                throw new IOException("first read fails");
            }
            body.produce(channel);
        }

        @Override
        public void releaseResources() {
            body.releaseResources();
        }
    }

    @Test
    void aBodyThatCannotBeReadForTheGuardIsSentAsTheApplicationMadeIt() throws Exception {
        carrier.enqueue(new MockResponse().setBody("token"));
        guard.decide(request -> proceedWith("e1", "Authorization", "Bearer fresh"));
        BasicRequestProducer producer = new BasicRequestProducer(Method.POST, carrier.url("/oauth/token").uri(),
                new FailingOnceProducer());

        Message<HttpResponse, String> response = client.execute(producer,
                new BasicResponseConsumer<>(new StringAsyncEntityConsumer()), null).get(10, TimeUnit.SECONDS);

        assertEquals(200, response.getHead().getCode());
        RecordedRequest recorded = carrier.takeRequest(5, TimeUnit.SECONDS);
        assertEquals(FORM, recorded.getBody().readUtf8());
        assertEquals(null, recorded.getHeader("Authorization"));
        assertEquals(1, carrier.getRequestCount());
        assertTrue(guard.decided.isEmpty());
    }
}
