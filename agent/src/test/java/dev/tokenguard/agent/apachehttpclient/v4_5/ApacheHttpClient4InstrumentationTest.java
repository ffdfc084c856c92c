package dev.tokenguard.agent.apachehttpclient.v4_5;

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
import java.util.concurrent.TimeUnit;
import okhttp3.mockwebserver.MockResponse;
import okhttp3.mockwebserver.MockWebServer;
import okhttp3.mockwebserver.RecordedRequest;
import org.apache.http.client.methods.CloseableHttpResponse;
import org.apache.http.client.methods.HttpGet;
import org.apache.http.client.methods.HttpPost;
import org.apache.http.client.methods.HttpUriRequest;
import org.apache.http.entity.ContentType;
import org.apache.http.entity.StringEntity;
import org.apache.http.impl.client.CloseableHttpClient;
import org.apache.http.impl.client.HttpClients;
import org.apache.http.util.EntityUtils;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(30)
class ApacheHttpClient4InstrumentationTest {
    private static final String FORM = "grant_type=client_credentials&client_id=id&client_secret=s";

    private final MockWebServer carrier = new MockWebServer();
    private final MockWebServer elsewhere = new MockWebServer();
    private ScriptedGuard guard;
    private CloseableHttpClient client;

    @BeforeEach
    void start() throws IOException {
        carrier.start();
        elsewhere.start();
        guard = TestAgent.guard().carrier(carrier.getHostName(), carrier.getPort());
        client = HttpClients.createDefault();
    }

    @AfterEach
    void stop() throws IOException {
        client.close();
        carrier.shutdown();
        elsewhere.shutdown();
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

    @Test
    void aRequestToAnotherHostIsNeitherDescribedNorTouched() throws Exception {
        elsewhere.enqueue(new MockResponse().setBody("fine"));
        HttpGet get = new HttpGet(elsewhere.url("/x").uri());
        get.setHeader("Authorization", "Basic app");

        assertEquals("200 fine", call(get));
        assertEquals(List.of(), guard.decided);
        assertEquals("Basic app", elsewhere.takeRequest().getHeader("Authorization"));
    }

    @Test
    void aPassedCarrierRequestGoesOutExactlyAsWithoutTheAgent() throws Exception {
        carrier.enqueue(new MockResponse().setBody("a"));
        carrier.enqueue(new MockResponse().setBody("b"));

        call(tokenRequest());
        OutboundRequest described = guard.decided.get(0);
        guard.reset(); // no carrier host any more: tokenguard stands aside as if absent
        call(tokenRequest());

        RecordedRequest guarded = carrier.takeRequest();
        RecordedRequest bare = carrier.takeRequest();
        assertEquals(bare.getHeaders(), guarded.getHeaders());
        assertEquals(bare.getBody().readUtf8(), guarded.getBody().readUtf8());
        assertEquals(FORM, new String(described.body()));
        assertEquals(guarded.getHeader("Content-Type"), described.headers().first("Content-Type"));
        assertEquals(carrier.url("/oauth/token").uri(), described.uri());
    }

    @Test
    void proceedSetsTheHeadersAndReportsTheStatus() throws Exception {
        guard.decide(request -> proceedWith("e1", "Authorization", "Bearer fresh"));
        carrier.enqueue(new MockResponse().setResponseCode(201).setBody("made"));
        HttpGet get = new HttpGet(carrier.url("/ship/v1/shipments").uri());
        get.setHeader("Authorization", "Bearer stale");

        assertEquals("201 made", call(get));
        assertEquals(List.of("Bearer fresh"), carrier.takeRequest().getHeaders().values("Authorization"));
        assertEquals(List.of("e1 201"), reports(guard));
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
    void a401IsReplayedOnceWithTheNewHeaders() throws Exception {
        guard.decide(request -> proceedWith("e1", "Authorization", "Bearer old"))
                .afterResponse(reported -> reported.status() == 401 ? replayWith("e2", "Authorization", "Bearer new") : AfterResponse.DONE);
        carrier.enqueue(new MockResponse().setResponseCode(401).setBody("{\"code\":\"NOT.AUTHORIZED.ERROR\"}"));
        carrier.enqueue(new MockResponse().setBody("rated"));
        HttpPost post = new HttpPost(carrier.url("/rate/v1/rates/quotes").uri());
        post.setEntity(new StringEntity("q=1", ContentType.TEXT_PLAIN));

        assertEquals("200 rated", call(post));
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

        assertEquals("401 still no", call(new HttpGet(carrier.url("/track").uri())));
        assertEquals(2, carrier.getRequestCount());
    }

    @Test
    void theBearerDoesNotFollowARedirectToAnotherHost() throws Exception {
        guard.decide(request -> proceedWith("e1", "Authorization", "Bearer secret"));
        carrier.enqueue(new MockResponse().setResponseCode(302).setHeader("Location", elsewhere.url("/landing")));
        elsewhere.enqueue(new MockResponse().setBody("landed"));

        assertEquals("200 landed", call(new HttpGet(carrier.url("/track").uri())));

        assertEquals("Bearer secret", carrier.takeRequest().getHeader("Authorization"));
        assertNull(elsewhere.takeRequest(1, TimeUnit.SECONDS).getHeader("Authorization"));
        assertEquals(List.of("e1 302"), reports(guard));
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
    void aGuardThatThrowsLeavesTheCallAsWithoutTheAgent() throws Exception {
        guard.decide(request -> {
            throw new IllegalStateException("bug in agent-core");
        });
        carrier.enqueue(new MockResponse().setBody("ok"));

        assertEquals("200 ok", call(tokenRequest()));
        assertEquals(FORM, carrier.takeRequest().getBody().readUtf8());
    }

    @Test
    void aNetworkFailureReachesTheApplicationAndIsReported() throws Exception {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        guard.carrier("127.0.0.1", closedPort).decide(request -> proceedWith("e1", "Authorization", "Bearer t"));

        assertThrows(IOException.class, () -> call(new HttpGet("http://127.0.0.1:" + closedPort + "/track")));
        assertEquals(List.of("e1 failed"), reports(guard));
    }
}
