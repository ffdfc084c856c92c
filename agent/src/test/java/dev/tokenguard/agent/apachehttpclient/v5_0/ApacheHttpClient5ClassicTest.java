package dev.tokenguard.agent.apachehttpclient.v5_0;

import static dev.tokenguard.agent.ScriptedGuard.proceedWith;
import static dev.tokenguard.agent.library.GuardScripts.refusal;
import static dev.tokenguard.agent.library.GuardScripts.replayWith;
import static dev.tokenguard.agent.library.GuardScripts.reports;
import static dev.tokenguard.agent.library.GuardScripts.tokenAnswer;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import dev.tokenguard.agent.library.BlockingExchange;
import dev.tokenguard.agent.library.ClientLibraryScenarios;
import dev.tokenguard.core.http.AfterResponse;
import dev.tokenguard.core.http.Decision;
import dev.tokenguard.core.http.RequestGuard.Replays;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import okhttp3.mockwebserver.MockResponse;
import okhttp3.mockwebserver.RecordedRequest;
import org.apache.hc.client5.http.classic.methods.HttpGet;
import org.apache.hc.client5.http.classic.methods.HttpPost;
import org.apache.hc.client5.http.classic.ExecChainHandler;
import org.apache.hc.client5.http.impl.DefaultRedirectStrategy;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.impl.classic.HttpClientBuilder;
import org.apache.hc.client5.http.impl.classic.RedirectExec;
import org.apache.hc.client5.http.impl.routing.DefaultRoutePlanner;
import org.apache.hc.client5.http.impl.classic.HttpClients;
import org.apache.hc.core5.http.ClassicHttpRequest;
import org.apache.hc.core5.http.ClassicHttpResponse;
import org.apache.hc.core5.http.ContentType;
import org.apache.hc.core5.http.config.NamedElementChain;
import org.apache.hc.core5.http.io.entity.AbstractHttpEntity;
import org.apache.hc.core5.http.io.entity.EntityUtils;
import org.apache.hc.core5.http.io.entity.InputStreamEntity;
import org.apache.hc.core5.http.io.entity.StringEntity;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class ApacheHttpClient5ClassicTest extends ClientLibraryScenarios {
    private CloseableHttpClient client;

    @BeforeEach
    void start() {
        client = HttpClients.createDefault();
    }

    @AfterEach
    void stop() throws IOException {
        client.close();
    }

    /**
     * A client as the application built it before tokenguard was attached: the builder's override
     * skips the hooked {@code customizeExecChain}, so the chain is linked without the handler.
     */
    private static CloseableHttpClient builtBeforeTheAttach() {
        return new HttpClientBuilder() {
            @Override
            protected void customizeExecChain(NamedElementChain<ExecChainHandler> chain) {
                // nothing: the chain as a JVM without tokenguard builds it
            }
        }.build();
    }

    @Test
    void aCallOfAClientBuiltBeforeTheAttachIsGuarded() throws Exception {
        guard.decide(request -> refusal(30));
        carrier.enqueue(new MockResponse().setBody("what an unguarded call would get"));
        try (CloseableHttpClient before = builtBeforeTheAttach()) {
            String answer = before.execute(tokenRequest(), response -> response.getCode() + " "
                    + response.getFirstHeader("X-Tokenguard").getValue());

            assertTrue(answer.startsWith("503 refused"), answer);
        }
        assertEquals(0, carrier.getRequestCount());
    }

    @Test
    void aClientBuiltBeforeTheAttachIsGuardedOnEveryCallWithTheHandlerLinkedOnce() throws Exception {
        carrier.enqueue(new MockResponse().setBody("a"));
        carrier.enqueue(new MockResponse().setBody("b"));
        try (CloseableHttpClient before = builtBeforeTheAttach()) {
            for (String body : List.of("a", "b")) {
                assertEquals("200 " + body, before.execute(new HttpGet(carrier.url("/x").uri()),
                        response -> response.getCode() + " " + EntityUtils.toString(response.getEntity())));
            }
        }
        assertEquals(2, guard.decided.size(), "the guard decided both calls");
    }

    @Test
    void aLinkedChainTakesTheHandlerBelowTheRedirectElementOrFirst() {
        Object redirect = new RedirectExec(new DefaultRoutePlanner(null), DefaultRedirectStrategy.INSTANCE);
        Object retry = "the retry element";

        assertEquals(1, ExecChainPlacement.linkedIndex(List.of(redirect, retry), RedirectExec.class));
        assertEquals(0, ExecChainPlacement.linkedIndex(List.of(retry), RedirectExec.class));
    }

    private HttpPost tokenRequest() {
        HttpPost post = new HttpPost(carrier.url("/oauth/token").uri());
        post.setHeader("X-Trace", "abc");
        post.setEntity(new StringEntity(FORM, ContentType.APPLICATION_FORM_URLENCODED));
        return post;
    }

    /** Through the response-handler overload, which consumes and closes the response itself. */
    private String call(ClassicHttpRequest request) throws IOException {
        return client.execute(request, response -> response.getCode() + " " + EntityUtils.toString(response.getEntity()));
    }

    @Override
    protected String get(String url, String... fields) throws IOException {
        HttpGet get = new HttpGet(url);
        for (int i = 0; i < fields.length; i += 2) {
            get.setHeader(fields[i], fields[i + 1]);
        }
        return call(get);
    }

    @Override
    protected String post(String path, String body) throws IOException {
        HttpPost post = new HttpPost(carrier.url(path).uri());
        post.setEntity(new StringEntity(body, ContentType.TEXT_PLAIN));
        return call(post);
    }

    @Override
    protected String requestToken() throws IOException {
        return call(tokenRequest());
    }

    @Test
    void a401ForAStreamedBodyBeyondTheLimitGoesToTheApplicationAndTheGuardKnowsIt() throws Exception {
        guard.decide(request -> proceedWith("e1", "Authorization", "Bearer old"))
                .afterResponse(reported -> replayWith("e2", "Authorization", "Bearer new"));
        carrier.enqueue(new MockResponse().setResponseCode(401).setBody("no"));
        HttpPost post = new HttpPost(carrier.url("/rate").uri());
        post.setEntity(new InputStreamEntity(new ByteArrayInputStream(LARGE), ContentType.TEXT_PLAIN));

        assertEquals("401 no", call(post));
        assertEquals(1, carrier.getRequestCount());
        // Told NEVER, the guard takes no kill-switch admission (maybe the one probe) for a replay never sent.
        assertEquals(List.of(Replays.NEVER), guard.responses.stream().map(r -> r.replays()).toList());
    }

    @Test
    void aOneShotTokenFormIsReadForTheGuardAndTheCopyIsSent() throws Exception {
        // As agent-core does: a token request whose form it cannot read is refused.
        guard.decide(request -> request.body() == null ? refusal(30) : Decision.PASS);
        carrier.enqueue(new MockResponse().setBody("{\"access_token\":\"t\"}"));
        HttpPost post = new HttpPost(carrier.url("/oauth/token").uri());
        post.setEntity(new OneShotForm(FORM));

        assertEquals("200 {\"access_token\":\"t\"}", call(post));
        assertEquals(FORM, new String(guard.decided.get(0).body(), StandardCharsets.UTF_8));
        RecordedRequest sent = carrier.takeRequest();
        assertEquals(FORM, sent.getBody().readUtf8());
        assertEquals("application/x-www-form-urlencoded; charset=UTF-8", sent.getHeader("Content-Type"));
    }

    @Test
    void aSmallStreamOfUnknownLengthIsReadForTheGuardAndCanBeReplayed() throws Exception {
        guard.decide(request -> proceedWith("e1", "Authorization", "Bearer old"))
                .afterResponse(reported -> reported.status() == 401 ? replayWith("e2", "Authorization", "Bearer new") : AfterResponse.DONE);
        carrier.enqueue(new MockResponse().setResponseCode(401));
        carrier.enqueue(new MockResponse().setBody("rated"));
        HttpPost post = new HttpPost(carrier.url("/rate").uri());
        post.setEntity(new InputStreamEntity(new ByteArrayInputStream("q=1".getBytes(StandardCharsets.UTF_8)),
                ContentType.TEXT_PLAIN));

        assertEquals("200 rated", call(post));
        assertEquals("q=1", new String(guard.decided.get(0).body(), StandardCharsets.UTF_8));
        carrier.takeRequest();
        assertEquals("q=1", carrier.takeRequest().getBody().readUtf8());
    }

    @Test
    void aStreamBeyondTheLimitIsNotReadForTheGuardButSentWhole() throws Exception {
        carrier.enqueue(new MockResponse().setBody("stored"));
        HttpPost post = new HttpPost(carrier.url("/documents").uri());
        post.setEntity(new InputStreamEntity(new ByteArrayInputStream(LARGE), ContentType.APPLICATION_OCTET_STREAM));

        assertEquals("200 stored", call(post));
        assertTrue(guard.decided.get(0).body() == null, "the guard is told the body is not held");
        assertArrayEquals(LARGE, carrier.takeRequest().getBody().readByteArray());
    }

    @Test
    void aRepeatableBodyThatCannotBeReadForTheGuardIsSentAsTheApplicationMadeIt() throws Exception {
        guard.decide(request -> proceedWith("e1", "Authorization", "Bearer fresh"));
        carrier.enqueue(new MockResponse().setBody("token"));
        HttpPost post = new HttpPost(carrier.url("/oauth/token").uri());
        post.setEntity(new FailingOnceForm(FORM));

        assertEquals("200 token", call(post));
        RecordedRequest sent = carrier.takeRequest();
        assertEquals(FORM, sent.getBody().readUtf8());
        assertNull(sent.getHeader("Authorization"));
        assertTrue(guard.decided.isEmpty());
    }

    /** A repeatable form whose first write fails, as an entity backed by a file or a stream may. */
    private static final class FailingOnceForm extends AbstractHttpEntity {
        private final byte[] form;
        private boolean failed;

        FailingOnceForm(String form) {
            super(ContentType.APPLICATION_FORM_URLENCODED, null);
            this.form = form.getBytes(StandardCharsets.UTF_8);
        }

        @Override
        public boolean isRepeatable() {
            return true;
        }

        @Override
        public long getContentLength() {
            return form.length;
        }

        @Override
        public InputStream getContent() {
            return new ByteArrayInputStream(form);
        }

        @Override
        public void writeTo(OutputStream out) throws IOException {
            if (!failed) {
                failed = true;
                throw new IOException("first write fails");
            }
            out.write(form);
        }

        @Override
        public boolean isStreaming() {
            return false;
        }

        @Override
        public void close() {
        }
    }

    /** A body a little over the limit tokenguard reads into memory. */
    private static final byte[] LARGE = new byte[BlockingExchange.MAX_BUFFERED_BODY + 100];

    /**
     * A form entity as google-http-client's {@code Apache5ContentEntity} is: one-shot, of known length,
     * written only through {@code writeTo}.
     */
    private static final class OneShotForm extends AbstractHttpEntity {
        private final byte[] form;
        private boolean written;

        OneShotForm(String form) {
            super(ContentType.APPLICATION_FORM_URLENCODED.withCharset(StandardCharsets.UTF_8), null);
            this.form = form.getBytes(StandardCharsets.UTF_8);
        }

        @Override
        public boolean isRepeatable() {
            return false;
        }

        @Override
        public long getContentLength() {
            return form.length;
        }

        @Override
        public InputStream getContent() {
            throw new UnsupportedOperationException();
        }

        @Override
        public void writeTo(OutputStream out) throws IOException {
            if (written) {
                throw new IllegalStateException("a one-shot entity written twice");
            }
            written = true;
            out.write(form);
        }

        @Override
        public boolean isStreaming() {
            return true;
        }

        @Override
        public void close() {
        }
    }

    @Test
    void aClientWithoutRedirectHandlingIsGuardedToo() throws Exception {
        guard.decide(request -> proceedWith("e1", "Authorization", "Bearer fresh"));
        carrier.enqueue(new MockResponse().setResponseCode(302).setHeader("Location", elsewhere.url("/landing")));

        try (CloseableHttpClient noRedirects = HttpClients.custom().disableRedirectHandling().build()) {
            assertEquals("302", noRedirects.execute(new HttpGet(carrier.url("/track").uri()), response -> "" + response.getCode()));
        }
        assertEquals("Bearer fresh", carrier.takeRequest().getHeader("Authorization"));
        assertEquals(List.of("e1 302"), reports(guard));
    }

    @Test
    void aCachedTokenIsServedAsANativeResponseWithoutTheNetwork() throws Exception {
        guard.decide(request -> tokenAnswer("{\"access_token\":\"t1\",\"expires_in\":3599}"));

        assertEquals("200 {\"access_token\":\"t1\",\"expires_in\":3599}", call(tokenRequest()));
        try (ClassicHttpResponse response = client.executeOpen(null, tokenRequest(), null)) {
            assertEquals(200, response.getCode());
            assertEquals("application/json", ContentType.parse(response.getEntity().getContentType()).getMimeType());
            assertEquals("no-store", response.getFirstHeader("Cache-Control").getValue());
            assertEquals("{\"access_token\":\"t1\",\"expires_in\":3599}", EntityUtils.toString(response.getEntity()));
        }
        assertEquals(0, carrier.getRequestCount());
    }

    @Test
    void aRefusalReachesTheApplicationAtOnceWithItsHeaders() {
        guard.decide(request -> refusal(30));

        // The client's retry element would retry a 503 after its Retry-After; the refusal passes above it.
        String seen = assertTimeoutPreemptively(Duration.ofSeconds(5), () -> client.execute(tokenRequest(),
                response -> response.getCode() + " " + response.getFirstHeader("Retry-After").getValue()
                        + " " + response.getFirstHeader("X-Tokenguard").getValue()));

        assertEquals("503 30 refused; reason=token-rate", seen);
        assertEquals(0, carrier.getRequestCount());
    }

    @Test
    void aRedirectWithinTheCarrierIsDecidedAgain() throws Exception {
        guard.decide(request -> proceedWith(request.uri().getPath(), "Authorization", "Bearer t"));
        carrier.enqueue(new MockResponse().setResponseCode(302).setHeader("Location", "/track/v2"));
        carrier.enqueue(new MockResponse().setBody("tracked"));

        assertEquals("200 tracked", call(new HttpGet(carrier.url("/track").uri())));
        carrier.takeRequest();
        assertEquals("Bearer t", carrier.takeRequest().getHeader("Authorization"));
        assertEquals(List.of("/track 302", "/track/v2 200"), reports(guard));
    }

    @Test
    void theClientsOwnRetryKeepsTheBearer() throws Exception {
        guard.decide(request -> proceedWith("e1", "Authorization", "Bearer t"));
        carrier.enqueue(new MockResponse().setResponseCode(503).setHeader("Retry-After", "0"));
        carrier.enqueue(new MockResponse().setBody("ok"));

        assertEquals("200 ok", call(new HttpGet(carrier.url("/track").uri())));
        assertEquals("Bearer t", carrier.takeRequest().getHeader("Authorization"));
        assertEquals("Bearer t", carrier.takeRequest().getHeader("Authorization"));
    }
}
