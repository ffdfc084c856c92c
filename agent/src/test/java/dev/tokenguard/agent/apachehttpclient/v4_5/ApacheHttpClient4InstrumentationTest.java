package dev.tokenguard.agent.apachehttpclient.v4_5;

import static dev.tokenguard.agent.ScriptedGuard.proceedWith;
import static dev.tokenguard.agent.library.GuardScripts.refusal;
import static dev.tokenguard.agent.library.GuardScripts.reports;
import static dev.tokenguard.agent.library.GuardScripts.tokenAnswer;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tokenguard.agent.library.ClientLibraryScenarios;
import dev.tokenguard.core.http.Decision;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import okhttp3.mockwebserver.MockResponse;
import okhttp3.mockwebserver.RecordedRequest;
import org.apache.http.client.methods.CloseableHttpResponse;
import org.apache.http.client.methods.HttpGet;
import org.apache.http.client.methods.HttpPost;
import org.apache.http.client.methods.HttpUriRequest;
import org.apache.http.entity.AbstractHttpEntity;
import org.apache.http.entity.ContentType;
import org.apache.http.entity.StringEntity;
import org.apache.http.impl.client.CloseableHttpClient;
import org.apache.http.impl.client.HttpClientBuilder;
import org.apache.http.impl.client.HttpClients;
import org.apache.http.impl.execchain.ClientExecChain;
import org.apache.http.util.EntityUtils;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class ApacheHttpClient4InstrumentationTest extends ClientLibraryScenarios {
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
     * skips the hooked {@code decorateProtocolExec}, so the protocol element is not wrapped.
     */
    private static CloseableHttpClient builtBeforeTheAttach() {
        return new HttpClientBuilder() {
            @Override
            protected ClientExecChain decorateProtocolExec(ClientExecChain protocolExec) {
                return protocolExec;
            }
        }.build();
    }

    @Test
    void aCallOfAClientBuiltBeforeTheAttachIsGuarded() throws Exception {
        guard.decide(request -> refusal(30));
        carrier.enqueue(new MockResponse().setBody("what an unguarded call would get"));
        try (CloseableHttpClient before = builtBeforeTheAttach()) {
            String answer = before.execute(tokenRequest(), response -> response.getStatusLine().getStatusCode() + " "
                    + response.getFirstHeader("X-Tokenguard").getValue());

            assertTrue(answer.startsWith("503 refused"), answer);
        }
        assertEquals(0, carrier.getRequestCount());
    }

    @Test
    void aClientBuiltBeforeTheAttachIsGuardedOnEveryCallWrappedOnce() throws Exception {
        carrier.enqueue(new MockResponse().setBody("a"));
        carrier.enqueue(new MockResponse().setBody("b"));
        try (CloseableHttpClient before = builtBeforeTheAttach()) {
            for (String body : List.of("a", "b")) {
                assertEquals("200 " + body, before.execute(new HttpGet(carrier.url("/x").uri()), response ->
                        response.getStatusLine().getStatusCode() + " " + EntityUtils.toString(response.getEntity())));
            }
        }
        assertEquals(2, guard.decided.size(), "the guard decided both calls");
    }

    private HttpPost tokenRequest() {
        HttpPost post = new HttpPost(carrier.url("/oauth/token").uri());
        post.setHeader("X-Trace", "abc");
        post.setEntity(new StringEntity(FORM, ContentType.APPLICATION_FORM_URLENCODED));
        return post;
    }

    /** Through the response-handler overload, which consumes the entity and closes the response itself. */
    private String call(HttpUriRequest request) throws IOException {
        return client.execute(request, response ->
                response.getStatusLine().getStatusCode() + " " + EntityUtils.toString(response.getEntity()));
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
    void aCachedTokenIsServedAsANativeResponseWithoutTheNetwork() throws Exception {
        guard.decide(request -> tokenAnswer("{\"access_token\":\"t1\",\"expires_in\":3599}"));

        assertEquals("200 {\"access_token\":\"t1\",\"expires_in\":3599}", call(tokenRequest()));
        try (CloseableHttpResponse response = client.execute(tokenRequest())) {
            assertEquals(200, response.getStatusLine().getStatusCode());
            assertEquals("application/json", ContentType.get(response.getEntity()).getMimeType());
            assertEquals("no-store", response.getFirstHeader("Cache-Control").getValue());
            assertEquals("{\"access_token\":\"t1\",\"expires_in\":3599}", EntityUtils.toString(response.getEntity()));
        }
        assertEquals(0, carrier.getRequestCount());
    }

    @Test
    void aRefusalReachesTheApplicationWithItsHeaders() throws Exception {
        guard.decide(request -> refusal(30));

        try (CloseableHttpResponse response = client.execute(tokenRequest())) {
            assertEquals(503, response.getStatusLine().getStatusCode());
            assertEquals("30", response.getFirstHeader("Retry-After").getValue());
            assertEquals("refused; reason=token-rate", response.getFirstHeader("X-Tokenguard").getValue());
        }
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
        assertEquals("application/x-www-form-urlencoded", sent.getHeader("Content-Type"));
    }

    /** A one-shot form entity of known length, written only through {@code writeTo}, as google-http-client's are. */
    private static final class OneShotForm extends AbstractHttpEntity {
        private final byte[] form;
        private boolean written;

        OneShotForm(String form) {
            this.form = form.getBytes(StandardCharsets.UTF_8);
            setContentType("application/x-www-form-urlencoded");
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
    }
}
