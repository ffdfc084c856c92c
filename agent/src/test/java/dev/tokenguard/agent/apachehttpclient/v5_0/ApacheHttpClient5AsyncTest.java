package dev.tokenguard.agent.apachehttpclient.v5_0;

import static dev.tokenguard.agent.ScriptedGuard.proceedWith;
import static dev.tokenguard.agent.library.GuardScripts.refusal;
import static dev.tokenguard.agent.library.GuardScripts.replayWith;
import static dev.tokenguard.agent.library.GuardScripts.reports;
import static dev.tokenguard.agent.library.GuardScripts.tokenAnswer;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tokenguard.agent.library.BlockingExchange;
import dev.tokenguard.agent.library.ClientLibraryScenarios;
import dev.tokenguard.core.http.Decision;
import dev.tokenguard.core.http.HttpHeaders;
import dev.tokenguard.core.http.RequestGuard.Replays;
import dev.tokenguard.core.http.SyntheticResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import okhttp3.mockwebserver.MockResponse;
import okhttp3.mockwebserver.RecordedRequest;
import okhttp3.mockwebserver.SocketPolicy;
import org.apache.hc.client5.http.async.AsyncExecChainHandler;
import org.apache.hc.client5.http.async.methods.SimpleHttpRequest;
import org.apache.hc.client5.http.async.methods.SimpleHttpResponse;
import org.apache.hc.client5.http.async.methods.SimpleRequestBuilder;
import org.apache.hc.client5.http.async.methods.SimpleRequestProducer;
import org.apache.hc.client5.http.async.methods.SimpleResponseConsumer;
import org.apache.hc.client5.http.impl.async.CloseableHttpAsyncClient;
import org.apache.hc.client5.http.impl.async.HttpAsyncClientBuilder;
import org.apache.hc.client5.http.impl.async.HttpAsyncClients;
import org.apache.hc.core5.concurrent.FutureCallback;
import org.apache.hc.core5.http.ContentType;
import org.apache.hc.core5.http.HttpResponse;
import org.apache.hc.core5.http.Message;
import org.apache.hc.core5.http.Method;
import org.apache.hc.core5.http.config.NamedElementChain;
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

    /**
     * A client as the application built it before tokenguard was attached: the builder's override
     * skips the hooked {@code customizeExecChain}, so the chain is linked without the handler.
     */
    private static CloseableHttpAsyncClient builtBeforeTheAttach() {
        CloseableHttpAsyncClient before = new HttpAsyncClientBuilder() {
            @Override
            protected void customizeExecChain(NamedElementChain<AsyncExecChainHandler> chain) {
                // nothing: the chain as a JVM without tokenguard builds it
            }
        }.build();
        before.start();
        return before;
    }

    @Test
    void aCallOfAClientBuiltBeforeTheAttachIsGuarded() throws Exception {
        guard.decide(request -> refusal(30));
        carrier.enqueue(new MockResponse().setBody("what an unguarded call would get"));
        try (CloseableHttpAsyncClient before = builtBeforeTheAttach()) {
            SimpleHttpResponse response = before.execute(tokenRequest(), null).get(10, TimeUnit.SECONDS);

            assertEquals(503, response.getCode());
            assertTrue(response.getFirstHeader("X-Tokenguard").getValue().startsWith("refused"));
        }
        assertEquals(0, carrier.getRequestCount());
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
    void a401ForAOneShotBodyBeyondTheLimitGoesToTheApplicationAndTheGuardKnowsIt() throws Exception {
        guard.decide(request -> proceedWith("e1", "Authorization", "Bearer old"))
                .afterResponse(reported -> replayWith("e2", "Authorization", "Bearer new"));
        carrier.enqueue(new MockResponse().setResponseCode(401).setBody("no"));

        Message<HttpResponse, String> response = client.execute(
                new BasicRequestProducer(Method.POST, carrier.url("/rate").uri(), oneShot(LARGE)),
                new BasicResponseConsumer<>(new StringAsyncEntityConsumer()), null).get(10, TimeUnit.SECONDS);

        assertEquals(401, response.getHead().getCode());
        assertEquals(1, carrier.getRequestCount());
        assertEquals(LARGE.length, carrier.takeRequest().getBodySize(), "sent whole: what was read, then the rest");
        // Told NEVER, the guard takes no kill-switch admission (maybe the one probe) for a replay never sent.
        assertEquals(List.of(Replays.NEVER), guard.responses.stream().map(r -> r.replays()).toList());
    }

    @Test
    void aOneShotTokenFormIsReadForTheGuardAndTheCopyIsSent() throws Exception {
        // As agent-core does: a token request whose form it cannot read is refused.
        guard.decide(request -> request.body() == null ? refusal(30) : Decision.PASS);
        carrier.enqueue(new MockResponse().setBody("{\"access_token\":\"t\"}"));

        Message<HttpResponse, String> response = client.execute(
                new BasicRequestProducer(Method.POST, carrier.url("/oauth/token").uri(), oneShot(FORM.getBytes(StandardCharsets.UTF_8))),
                new BasicResponseConsumer<>(new StringAsyncEntityConsumer()), null).get(10, TimeUnit.SECONDS);

        assertEquals(200, response.getHead().getCode());
        assertEquals("{\"access_token\":\"t\"}", response.getBody());
        assertEquals(FORM, new String(guard.decided.get(0).body(), StandardCharsets.UTF_8));
        RecordedRequest sent = carrier.takeRequest();
        assertEquals(FORM, sent.getBody().readUtf8());
        assertEquals("application/x-www-form-urlencoded; charset=ISO-8859-1", sent.getHeader("Content-Type"));
    }

    @Test
    void aDecisionThatWaitsForATokenBlocksNeitherExecuteNorTheReactor() throws Exception {
        CompletableFuture<Decision> token = new CompletableFuture<>();
        guard.decide(request -> new Decision.Later(token));
        carrier.enqueue(new MockResponse().setBody("shipped"));

        Future<SimpleHttpResponse> response = client.execute(
                SimpleRequestBuilder.get(carrier.url("/ship").uri()).build(), null);

        // execute returned while the token is still on its way, and nothing left for the carrier.
        assertFalse(response.isDone());
        assertEquals(0, carrier.getRequestCount());
        token.complete(proceedWith("e1", "Authorization", "Bearer fresh"));
        assertEquals("shipped", response.get(10, TimeUnit.SECONDS).getBodyText());
        assertEquals("Bearer fresh", carrier.takeRequest().getHeader("Authorization"));
        assertEquals(List.of("e1 200"), reports(guard));
    }

    @Test
    void aTokenThatArrivesAsAnAnswerIsDeliveredToTheApplication() throws Exception {
        CompletableFuture<Decision> token = new CompletableFuture<>();
        guard.decide(request -> new Decision.Later(token));

        Future<SimpleHttpResponse> response = client.execute(tokenRequest(), null);
        token.complete(tokenAnswer("{\"access_token\":\"t3\"}"));

        assertEquals("{\"access_token\":\"t3\"}", response.get(10, TimeUnit.SECONDS).getBodyText());
        assertEquals(0, carrier.getRequestCount());
    }

    @Test
    void aRedirectHopThatWaitsForATokenGoesOnWhenItArrives() throws Exception {
        CompletableFuture<Decision> token = new CompletableFuture<>();
        // The second hop is decided on the I/O reactor thread: it must get a Later, not wait there.
        guard.decide(request -> request.uri().getPath().equals("/track")
                ? proceedWith("e1", "Authorization", "Bearer t") : new Decision.Later(token));
        carrier.enqueue(new MockResponse().setResponseCode(302).setHeader("Location", "/track/v2"));
        carrier.enqueue(new MockResponse().setBody("tracked"));

        Future<SimpleHttpResponse> response = client.execute(
                SimpleRequestBuilder.get(carrier.url("/track").uri()).build(), null);
        awaitDecisions(2);
        assertEquals(1, carrier.getRequestCount());
        token.complete(proceedWith("e2", "Authorization", "Bearer t2"));

        assertEquals("tracked", response.get(10, TimeUnit.SECONDS).getBodyText());
        carrier.takeRequest();
        assertEquals("Bearer t2", carrier.takeRequest().getHeader("Authorization"));
    }

    @Test
    void anAnswerThatCannotBeBuiltFailsTheCallAndIsNeverSent() {
        CompletableFuture<Decision> token = new CompletableFuture<>();
        guard.decide(request -> new Decision.Later(token));

        Future<SimpleHttpResponse> response = client.execute(tokenRequest(), null);
        // A body-less answer: building the client's response from it fails in tokenguard's code.
        token.complete(new Decision.Answer(new SyntheticResponse(503, "Service Unavailable", HttpHeaders.EMPTY, null)));

        ExecutionException thrown = assertThrows(ExecutionException.class, () -> response.get(10, TimeUnit.SECONDS));
        assertInstanceOf(IOException.class, thrown.getCause());
        assertTrue(thrown.getCause().getMessage().contains("tokenguard"));
        assertEquals(0, carrier.getRequestCount());
    }

    @Test
    void aOneShotBodyThatFailsWhileReadForTheGuardFailsTheCallAndIsNotSentTruncated() {
        AsyncEntityProducer once = new FailingOnceProducer(false);

        ExecutionException thrown = assertThrows(ExecutionException.class, () -> client.execute(
                new BasicRequestProducer(Method.POST, carrier.url("/oauth/token").uri(), once),
                new BasicResponseConsumer<>(new StringAsyncEntityConsumer()), null).get(10, TimeUnit.SECONDS));

        assertInstanceOf(IOException.class, thrown.getCause());
        assertEquals(0, carrier.getRequestCount());
    }

    private void awaitDecisions(int count) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (guard.decided.size() < count && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        assertEquals(count, guard.decided.size());
    }

    /** A body a little over the limit tokenguard reads into memory. */
    private static final byte[] LARGE = new byte[BlockingExchange.MAX_BUFFERED_BODY + 100];

    /** A one-shot producer of known length, as google-http-client's is over HttpClient 5. */
    private static AsyncEntityProducer oneShot(byte[] body) {
        return new BasicAsyncEntityProducer(body, ContentType.APPLICATION_FORM_URLENCODED) {
            @Override
            public boolean isRepeatable() {
                return false;
            }
        };
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

    /** A body whose first read fails, as a producer backed by a file or a stream may. */
    private static final class FailingOnceProducer implements AsyncEntityProducer {
        private final AsyncEntityProducer body = AsyncEntityProducers.create(FORM, ContentType.APPLICATION_FORM_URLENCODED);
        private final boolean repeatable;
        private boolean failed;

        FailingOnceProducer(boolean repeatable) {
            this.repeatable = repeatable;
        }

        @Override
        public boolean isRepeatable() {
            return repeatable;
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
                new FailingOnceProducer(true));

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
