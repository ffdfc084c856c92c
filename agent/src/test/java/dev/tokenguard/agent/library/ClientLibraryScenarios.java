package dev.tokenguard.agent.library;

import static dev.tokenguard.agent.ScriptedGuard.proceedWith;
import static dev.tokenguard.agent.library.GuardScripts.replayWith;
import static dev.tokenguard.agent.library.GuardScripts.reports;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.tokenguard.agent.ScriptedGuard;
import dev.tokenguard.agent.TestAgent;
import dev.tokenguard.agent.ScriptedGuard.NamedExchange;
import dev.tokenguard.core.http.AfterResponse;
import dev.tokenguard.core.http.Decision;
import dev.tokenguard.core.http.HttpHeaders;
import dev.tokenguard.core.http.OutboundRequest;
import dev.tokenguard.core.http.RequestGuard.Replays;
import dev.tokenguard.core.http.SyntheticResponse;
import java.io.IOException;
import java.net.ServerSocket;
import java.util.List;
import java.util.concurrent.TimeUnit;
import okhttp3.mockwebserver.MockResponse;
import okhttp3.mockwebserver.MockWebServer;
import okhttp3.mockwebserver.RecordedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * What the hooks must do for every client library whose calls go through the library's own API:
 * each library's test extends this class, says how its client makes a call, and adds the scenarios
 * only that library has (its native response types, its own redirect and retry elements).
 */
@Timeout(30)
public abstract class ClientLibraryScenarios {
    /** The body of the application's token call. */
    protected static final String FORM = "grant_type=client_credentials&client_id=id&client_secret=s";

    protected final MockWebServer carrier = new MockWebServer();
    protected final MockWebServer elsewhere = new MockWebServer();
    protected ScriptedGuard guard;

    /** GETs {@code url} with the given header fields, as the application would; answers {@code "<status> <body>"}. */
    protected abstract String get(String url, String... fields) throws Exception;

    /** POSTs {@code body} to the carrier's {@code path}; answers {@code "<status> <body>"}. */
    protected abstract String post(String path, String body) throws Exception;

    /**
     * The application's token call: a form POST of {@link #FORM} to the carrier's {@code /oauth/token},
     * with an {@code X-Trace} header; answers {@code "<status> <body>"}.
     */
    protected abstract String requestToken() throws Exception;

    /** What the application's call throws when the carrier cannot be reached. */
    protected Class<? extends Exception> networkFailure() {
        return IOException.class;
    }

    /**
     * What the guard hears of a call the carrier redirects to another host: the 302 itself where the
     * library follows redirects above the hook, as each hop is then a call of its own.
     */
    protected List<String> reportsOfARedirectToAnotherHost() {
        return List.of("e1 302");
    }

    /** What the guard may do with a 401 for a repeatable request: wait for a renewal, unless the call is asynchronous. */
    protected Replays replaysOfARepeatableRequest() {
        return Replays.AFTER_RENEWAL;
    }

    @BeforeEach
    void startServersAndGuard() throws IOException {
        carrier.start();
        elsewhere.start();
        guard = TestAgent.guard().carrier(carrier.getHostName(), carrier.getPort());
    }

    @AfterEach
    void stopServers() throws IOException {
        carrier.shutdown();
        elsewhere.shutdown();
    }

    @Test
    void aRequestToAnotherHostIsNeitherDescribedNorTouched() throws Exception {
        elsewhere.enqueue(new MockResponse().setBody("fine"));

        assertEquals("200 fine", get(elsewhere.url("/x").toString(), "Authorization", "Basic app"));
        assertEquals(List.of(), guard.decided);
        assertEquals("Basic app", elsewhere.takeRequest().getHeader("Authorization"));
    }

    @Test
    void aPassedCarrierRequestGoesOutExactlyAsWithoutTheAgent() throws Exception {
        carrier.enqueue(new MockResponse().setBody("a"));
        carrier.enqueue(new MockResponse().setBody("b"));

        requestToken();
        OutboundRequest described = guard.decided.get(0);
        guard.reset(); // no carrier host any more: tokenguard stands aside as if absent
        requestToken();

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

        assertEquals("201 made", get(carrier.url("/ship/v1/shipments").toString(), "Authorization", "Bearer stale"));
        assertEquals(List.of("Bearer fresh"), carrier.takeRequest().getHeaders().values("Authorization"));
        assertEquals(List.of("e1 201"), reports(guard));
    }

    @Test
    void a401IsReplayedOnceWithTheNewHeaders() throws Exception {
        guard.decide(request -> proceedWith("e1", "Authorization", "Bearer old"))
                .afterResponse(reported -> reported.status() == 401 ? replayWith("e2", "Authorization", "Bearer new") : AfterResponse.DONE);
        carrier.enqueue(new MockResponse().setResponseCode(401).setBody("{\"code\":\"NOT.AUTHORIZED.ERROR\"}"));
        carrier.enqueue(new MockResponse().setBody("rated"));

        assertEquals("200 rated", post("/rate/v1/rates/quotes", "q=1"));
        assertEquals("Bearer old", carrier.takeRequest().getHeader("Authorization"));
        RecordedRequest replay = carrier.takeRequest();
        assertEquals(List.of("Bearer new"), replay.getHeaders().values("Authorization"));
        assertEquals("q=1", replay.getBody().readUtf8());
        assertEquals(List.of("e1 401", "e2 200"), reports(guard));
    }

    @Test
    void theGuardIsToldWhetherTheCallMayWaitForARenewalAndThatAReplayIsNotReplayed() throws Exception {
        guard.decide(request -> proceedWith("e1", "Authorization", "Bearer old"))
                .afterResponse(reported -> replayWith("e2", "Authorization", "Bearer new"));
        carrier.enqueue(new MockResponse().setResponseCode(401));
        carrier.enqueue(new MockResponse().setResponseCode(401).setBody("still no"));

        assertEquals("401 still no", post("/rate/v1/rates/quotes", "q=1"));
        assertEquals(List.of(replaysOfARepeatableRequest(), Replays.NEVER),
                guard.responses.stream().map(r -> r.replays()).toList());
    }

    @Test
    void aSecond401GoesToTheApplication() throws Exception {
        guard.decide(request -> proceedWith("e1", "Authorization", "Bearer old"))
                .afterResponse(reported -> replayWith("again", "Authorization", "Bearer new"));
        carrier.enqueue(new MockResponse().setResponseCode(401));
        carrier.enqueue(new MockResponse().setResponseCode(401).setBody("still no"));

        assertEquals("401 still no", get(carrier.url("/track").toString()));
        assertEquals(2, carrier.getRequestCount());
    }

    @Test
    void theBearerDoesNotFollowARedirectToAnotherHost() throws Exception {
        guard.decide(request -> proceedWith("e1", "Authorization", "Bearer secret"));
        carrier.enqueue(new MockResponse().setResponseCode(302).setHeader("Location", elsewhere.url("/landing")));
        elsewhere.enqueue(new MockResponse().setBody("landed"));

        assertEquals("200 landed", get(carrier.url("/track").toString()));

        assertEquals("Bearer secret", carrier.takeRequest().getHeader("Authorization"));
        assertNull(elsewhere.takeRequest(1, TimeUnit.SECONDS).getHeader("Authorization"));
        assertEquals(reportsOfARedirectToAnotherHost(), reports(guard));
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(ints = {302, 307})
    void theApplicationsOwnBearerDoesNotFollowARedirectToAnotherHost(int status) throws Exception {
        // agent-core lets the application's current bearer go as it is: nothing to set.
        guard.decide(request -> new Decision.Proceed(HttpHeaders.EMPTY, new NamedExchange("e1")));
        carrier.enqueue(new MockResponse().setResponseCode(status).setHeader("Location", elsewhere.url("/landing")));
        elsewhere.enqueue(new MockResponse().setBody("landed"));

        assertEquals("200 landed", get(carrier.url("/track").toString(), "Authorization", "Bearer carrier-token"));

        assertEquals("Bearer carrier-token", carrier.takeRequest().getHeader("Authorization"));
        assertNull(elsewhere.takeRequest(5, TimeUnit.SECONDS).getHeader("Authorization"));
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(ints = {302, 307})
    void aPassedCarrierRequestsBearerDoesNotFollowARedirectToAnotherHost(int status) throws Exception {
        carrier.enqueue(new MockResponse().setResponseCode(status).setHeader("Location", elsewhere.url("/landing")));
        elsewhere.enqueue(new MockResponse().setBody("landed"));

        assertEquals("200 landed", get(carrier.url("/track").toString(), "Authorization", "Bearer carrier-token"));

        assertNull(elsewhere.takeRequest(5, TimeUnit.SECONDS).getHeader("Authorization"));
    }

    @Test
    void anAnswerThatCannotBeBuiltFailsTheCallAndIsNeverSent() {
        // A body-less answer: building the client's response from it fails in tokenguard's code.
        guard.decide(request -> new Decision.Answer(new SyntheticResponse(503, "Service Unavailable", HttpHeaders.EMPTY, null)));

        assertThrows(networkFailure(), this::requestToken);
        assertEquals(0, carrier.getRequestCount());
    }

    @Test
    void aGuardThatThrowsLeavesTheCallAsWithoutTheAgent() throws Exception {
        guard.decide(request -> {
            throw new IllegalStateException("bug in agent-core");
        });
        carrier.enqueue(new MockResponse().setBody("ok"));

        assertEquals("200 ok", requestToken());
        assertEquals(FORM, carrier.takeRequest().getBody().readUtf8());
    }

    @Test
    void aNetworkFailureReachesTheApplicationAndIsReported() throws Exception {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        guard.carrier("127.0.0.1", closedPort).decide(request -> proceedWith("e1", "Authorization", "Bearer t"));

        assertThrows(networkFailure(), () -> get("http://127.0.0.1:" + closedPort + "/track"));
        assertEquals(List.of("e1 failed"), reports(guard));
    }
}
