package dev.tokenguard.agent.urlconnection;

import static dev.tokenguard.agent.ScriptedGuard.answer;
import static dev.tokenguard.agent.ScriptedGuard.proceedWith;
import static dev.tokenguard.agent.library.GuardScripts.replayWith;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tokenguard.agent.RawCarrierFixture;
import dev.tokenguard.agent.RawHttpServer;
import dev.tokenguard.agent.ScriptedGuard.NamedExchange;
import dev.tokenguard.agent.library.BlockingExchange;
import dev.tokenguard.bootstrap.Bridge;
import dev.tokenguard.core.http.Decision;
import dev.tokenguard.core.http.HttpHeaders;
import dev.tokenguard.core.http.RequestGuard.Replays;
import dev.tokenguard.core.http.SyntheticResponse;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.HttpURLConnection;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class UrlConnectionAdapterTest extends RawCarrierFixture {

    @Test
    void anotherHostGetsTheJdksOwnConnectionAndIsNeverJudged() throws IOException {
        HttpURLConnection connection = open(other.url("/x"));

        assertEquals("sun.net.www.protocol.http.HttpURLConnection", connection.getClass().getName());
        assertEquals(200, connection.getResponseCode());
        assertTrue(guard.decided.isEmpty());
    }

    @Test
    void passedCarrierRequestLeavesByteForByteAsWithoutTokenguard() throws IOException {
        HttpURLConnection unguarded = unguarded(() -> open(carrier.url("/rate/v1/rates/quotes?x=1")));
        postForm(unguarded, "a=1&b=2");
        postForm(open(carrier.url("/rate/v1/rates/quotes?x=1")), "a=1&b=2");

        List<RawHttpServer.Received> received = carrier.received();
        assertEquals(2, received.size());
        assertEquals(received.get(0).head(), received.get(1).head());
        assertArrayEquals(received.get(0).body(), received.get(1).body());
        assertEquals(1, guard.decided.size());
    }

    @Test
    void guardSeesMethodHeadersIncludingAuthorizationAndBody() throws IOException {
        HttpURLConnection connection = open(carrier.url("/oauth/token"));
        connection.setRequestProperty("Authorization", "Basic dXNlcjpwYXNz");
        postForm(connection, "grant_type=client_credentials");

        var request = guard.decided.get(0);
        assertEquals("POST", request.method());
        assertEquals(URI.create(carrier.url("/oauth/token")), request.uri());
        assertEquals("Basic dXNlcjpwYXNz", request.headers().first("Authorization"));
        assertEquals("application/x-www-form-urlencoded", request.headers().first("Content-Type"));
        assertEquals("grant_type=client_credentials", new String(request.body(), StandardCharsets.UTF_8));
    }

    @Test
    void proceedSendsTheGuardsHeaderFieldsInPlaceOfTheApplications() throws IOException {
        guard.decide(request -> proceedWith("api", "Authorization", "Bearer fresh"));
        HttpURLConnection connection = open(carrier.url("/ship/v1/shipments"));
        connection.setRequestProperty("Authorization", "Bearer stale");

        assertEquals(200, postForm(connection, "{}"));
        assertEquals("Bearer fresh", carrier.received().get(0).header("Authorization"));
        assertEquals(1, carrier.received().get(0).head().split("(?i)authorization:").length - 1);
        assertEquals(List.of(new NamedExchange("api")), guard.responses.stream().map(r -> r.exchange()).toList());
        assertEquals(200, guard.responses.get(0).status());
    }

    @Test
    void tokenAnswerIsServedWithoutTouchingTheNetwork() throws IOException {
        guard.decide(request -> answer(200, "OK", TOKEN_JSON,
                "Content-Type", "application/json", "Cache-Control", "no-store"));
        HttpURLConnection connection = open(carrier.url("/oauth/token"));
        connection.setRequestMethod("POST");
        connection.setDoOutput(true);
        try (OutputStream out = connection.getOutputStream()) {
            out.write("grant_type=client_credentials".getBytes(StandardCharsets.UTF_8));
        }

        assertEquals(200, connection.getResponseCode());
        assertEquals("OK", connection.getResponseMessage());
        assertEquals("application/json", connection.getContentType());
        assertEquals("no-store", connection.getHeaderField("cache-control"));
        assertEquals(TOKEN_JSON.length(), connection.getContentLength());
        try (InputStream in = connection.getInputStream()) {
            assertEquals(TOKEN_JSON, new String(in.readAllBytes(), StandardCharsets.UTF_8));
        }
        assertNull(connection.getErrorStream());
        assertTrue(carrier.received().isEmpty());
    }

    @Test
    void refusalReadsLikeAJdkErrorResponse() throws IOException {
        guard.decide(request -> answer(503, "Service Unavailable", "{\"error\":\"kill-switch\"}",
                "Retry-After", "30", "X-Tokenguard", "refused; reason=kill-switch"));
        HttpURLConnection connection = open(carrier.url("/oauth/token"));

        assertEquals(503, connection.getResponseCode());
        assertEquals("30", connection.getHeaderField("Retry-After"));
        assertEquals("refused; reason=kill-switch", connection.getHeaderField("X-Tokenguard"));
        assertEquals("HTTP/1.1 503 Service Unavailable", connection.getHeaderField(0));
        assertNull(connection.getHeaderFieldKey(0));
        assertEquals(List.of("HTTP/1.1 503 Service Unavailable"), connection.getHeaderFields().get(null));
        IOException thrown = assertThrows(IOException.class, connection::getInputStream);
        assertEquals("Server returned HTTP response code: 503 for URL: " + carrier.url("/oauth/token"), thrown.getMessage());
        try (InputStream error = connection.getErrorStream()) {
            assertEquals("{\"error\":\"kill-switch\"}", new String(error.readAllBytes(), StandardCharsets.UTF_8));
        }
    }

    @Test
    void replayAfter401GoesOutOnceWithTheNewToken() throws IOException {
        carrier.respond(401, "Unauthorized", "{\"code\":\"NOT.AUTHORIZED.ERROR\"}").respond(200, "OK", "shipped");
        scriptReplayOn401();
        HttpURLConnection connection = open(carrier.url("/ship/v1/shipments"));

        assertEquals(200, postForm(connection, "{\"shipment\":1}"));
        assertEquals("shipped", new String(connection.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
        assertEquals(2, carrier.received().size());
        assertEquals("Bearer new", carrier.received().get(1).header("Authorization"));
        assertEquals("{\"shipment\":1}", carrier.received().get(1).bodyText());
        assertEquals(List.of(401, 200), guard.responses.stream().map(r -> r.status()).toList());
        assertEquals(new NamedExchange("replay"), guard.responses.get(1).exchange());
    }

    @Test
    void aSecond401IsHandedToTheApplication() throws IOException {
        carrier.respond(401, "Unauthorized", "no").respond(401, "Unauthorized", "still no");
        guard.decide(request -> proceedWith("first", "Authorization", "Bearer old"))
                .afterResponse(reported -> replayWith("replay", "Authorization", "Bearer new"));

        assertEquals(401, open(carrier.url("/track")).getResponseCode());
        assertEquals(2, carrier.received().size());
    }

    @Test
    void redirectToAnotherHostCarriesNoTokenOfTheGuard() throws IOException {
        carrier.respond(302, "Found", "", "Location: " + other.url("/elsewhere"));
        guard.decide(request -> proceedWith("api", "Authorization", "Bearer secret"));
        HttpURLConnection connection = open(carrier.url("/track"));

        assertEquals(200, connection.getResponseCode());
        assertEquals("Bearer secret", carrier.received().get(0).header("Authorization"));
        assertEquals(1, other.received().size());
        assertNull(other.received().get(0).header("Authorization"));
        assertEquals(other.url("/elsewhere"), connection.getURL().toString());
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(ints = {302, 307})
    void theApplicationsOwnBearerDoesNotFollowARedirectToAnotherHost(int status) throws IOException {
        carrier.respond(status, "Moved", "", "Location: " + other.url("/elsewhere"));
        // agent-core lets the application's current bearer go as it is: nothing to set.
        guard.decide(request -> new Decision.Proceed(HttpHeaders.EMPTY, new NamedExchange("api")));
        HttpURLConnection connection = open(carrier.url("/track"));
        connection.setRequestProperty("Authorization", "Bearer carrier-token");

        assertEquals(200, connection.getResponseCode());
        assertEquals("Bearer carrier-token", carrier.received().get(0).header("Authorization"));
        assertNull(other.received().get(0).header("Authorization"));
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(ints = {302, 307})
    void aPassedRequestsBearerDoesNotFollowARedirectToAnotherHost(int status) throws IOException {
        carrier.respond(status, "Moved", "", "Location: " + other.url("/elsewhere"));
        HttpURLConnection connection = open(carrier.url("/track"));
        connection.setRequestProperty("Authorization", "Bearer carrier-token");

        assertEquals(200, connection.getResponseCode());
        assertNull(other.received().get(0).header("Authorization"));
    }

    @Test
    void redirectWithinTheCarrierIsDecidedAgain() throws IOException {
        carrier.respond(307, "Temporary Redirect", "", "Location: /moved");
        guard.decide(request -> proceedWith(request.uri().getPath(), "Authorization", "Bearer t"));

        assertEquals(200, postForm(open(carrier.url("/track")), "q=1"));
        assertEquals(List.of("/track", "/moved"), guard.decided.stream().map(r -> r.uri().getPath()).toList());
        assertEquals("POST /moved HTTP/1.1", carrier.received().get(1).requestLine());
        assertEquals("Bearer t", carrier.received().get(1).header("Authorization"));
        assertEquals("q=1", carrier.received().get(1).bodyText());
    }

    @Test
    void redirectIsHandedOverWhenTheApplicationTurnedFollowingOff() throws IOException {
        carrier.respond(302, "Found", "", "Location: " + other.url("/elsewhere"));
        guard.decide(request -> proceedWith("api", "Authorization", "Bearer secret"));
        HttpURLConnection connection = open(carrier.url("/track"));
        connection.setInstanceFollowRedirects(false);

        assertEquals(302, connection.getResponseCode());
        assertEquals(other.url("/elsewhere"), connection.getHeaderField("Location"));
        assertTrue(other.received().isEmpty());
    }

    @Test
    void failureOfTheGuardLetsTheRequestGoAsItIs() throws IOException {
        guard.decide(request -> {
            throw new IllegalStateException("bug in tokenguard");
        });
        HttpURLConnection connection = open(carrier.url("/track"));
        connection.setRequestProperty("Authorization", "Bearer app");

        assertEquals(200, connection.getResponseCode());
        assertEquals("Bearer app", carrier.received().get(0).header("Authorization"));
    }

    @Test
    void failureOfTokenguardAfterTheRequestWentOutNeverSendsItAgain() throws IOException {
        carrier.respond(401, "Unauthorized", "no").respond(200, "OK", "shipped twice");
        // The replay's header value is one the JDK refuses: tokenguard's own failure, after the POST was sent.
        guard.decide(request -> proceedWith("first", "Authorization", "Bearer old"))
                .afterResponse(reported -> replayWith("replay", "Authorization", "Bearer\nbroken"));
        HttpURLConnection connection = open(carrier.url("/ship/v1/shipments"));

        assertThrows(IOException.class, () -> postForm(connection, "{\"shipment\":1}"));
        assertEquals(1, carrier.received().size());
    }

    @Test
    void connectErrorReachesTheApplicationAndTheGuard() throws IOException {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        guard.carrier("127.0.0.1", closedPort).decide(request -> proceedWith("api", "Authorization", "Bearer t"));
        HttpURLConnection connection = open("http://127.0.0.1:" + closedPort + "/track");

        assertThrows(ConnectException.class, connection::getResponseCode);
        assertThrows(ConnectException.class, connection::getInputStream);
        assertNull(connection.getHeaderField("Content-Type"));
        assertInstanceOf(ConnectException.class, guard.failures.get(0).error());
    }

    @Test
    void streamingModeBodyIsBufferedSoThatItCanBeReplayed() throws IOException {
        carrier.respond(401, "Unauthorized", "").respond(200, "OK", "ok");
        scriptReplayOn401();
        HttpURLConnection connection = open(carrier.url("/ship"));
        byte[] body = "{\"label\":true}".getBytes(StandardCharsets.UTF_8);
        connection.setFixedLengthStreamingMode(body.length);

        assertEquals(200, post(connection, body));
        assertEquals("{\"label\":true}", carrier.received().get(1).bodyText());
    }

    @Test
    void anAnswerThatCannotBeBuiltFailsTheCallAndIsNeverSent() throws IOException {
        // A body-less answer: building the JDK-shaped response from it fails in tokenguard's code.
        guard.decide(request -> new Decision.Answer(new SyntheticResponse(503, "Service Unavailable", HttpHeaders.EMPTY, null)));
        HttpURLConnection connection = open(carrier.url("/oauth/token"));

        IOException thrown = assertThrows(IOException.class, () -> postForm(connection, "grant_type=client_credentials"));
        assertTrue(thrown.getMessage().contains("tokenguard"));
        assertTrue(carrier.received().isEmpty(), "a request tokenguard answered never reaches the network");
    }

    @Test
    void aBodyBeyondTheLimitIsStreamedInTheApplicationsModeWithoutBeingHeld() throws IOException {
        guard.decide(request -> proceedWith("api", "Authorization", "Bearer t"));
        HttpURLConnection connection = open(carrier.url("/documents"));
        connection.setChunkedStreamingMode(4096);

        assertEquals(200, post(connection, LARGE));
        RawHttpServer.Received received = carrier.received().get(0);
        assertEquals("chunked", received.header("Transfer-Encoding"));
        assertEquals("Bearer t", received.header("Authorization"));
        assertArrayEquals(LARGE, received.body());
        assertTrue(guard.decided.get(0).body() == null, "the guard is told the body is not held");
        assertEquals(List.of(Replays.NEVER), guard.responses.stream().map(r -> r.replays()).toList());
    }

    @Test
    void aDeclaredLengthBeyondTheLimitIsStreamedAtThatLength() throws IOException {
        HttpURLConnection connection = open(carrier.url("/documents"));
        connection.setFixedLengthStreamingMode(LARGE.length);

        assertEquals(200, post(connection, LARGE));
        assertEquals(Integer.toString(LARGE.length), carrier.received().get(0).header("Content-Length"));
        assertArrayEquals(LARGE, carrier.received().get(0).body());
        assertTrue(guard.decided.get(0).body() == null, "the guard is told the body is not held");
    }

    @Test
    void aBodyBeyondTheLimitThatTheGuardAnswersNeverLeaves() throws IOException {
        guard.decide(request -> answer(503, "Service Unavailable", "refused", "X-Tokenguard", "refused; reason=kill-switch"));
        HttpURLConnection connection = open(carrier.url("/documents"));

        assertEquals(503, post(connection, LARGE));
        assertTrue(carrier.received().isEmpty());
    }

    @Test
    void aSmallBodyInChunkedModeIsHeldForTheGuardAndSentWithItsLength() throws IOException {
        HttpURLConnection connection = open(carrier.url("/oauth/token"));
        connection.setChunkedStreamingMode(4096);

        assertEquals(200, postForm(connection, "grant_type=client_credentials"));
        assertEquals("grant_type=client_credentials", new String(guard.decided.get(0).body(), StandardCharsets.UTF_8));
        assertEquals("grant_type=client_credentials", carrier.received().get(0).bodyText());
    }

    @Test
    void settingsAfterConnectFailAsTheJdksDo() throws IOException {
        HttpURLConnection connection = open(carrier.url("/track"));
        connection.connect();

        assertThrows(IllegalStateException.class, () -> connection.setRequestProperty("X", "1"));
        assertThrows(IllegalStateException.class, connection::getRequestProperties);
        assertTrue(carrier.received().isEmpty(), "connect() alone sends nothing");
    }

    @Test
    void callsInsideTokenguardAreNotGuarded() throws IOException {
        HttpURLConnection connection = unguarded(() -> open(carrier.url("/oauth/token")));

        assertFalse(connection.getClass().getName().startsWith("dev.tokenguard"));
        assertEquals(200, connection.getResponseCode());
        assertTrue(guard.decided.isEmpty());
    }

    // ---- helpers

    /** A body a little over the limit tokenguard holds in memory. */
    private static final byte[] LARGE = new byte[BlockingExchange.MAX_BUFFERED_BODY + 100];

    static {
        Arrays.fill(LARGE, (byte) 'x');
    }

    private interface IoSupplier<T> {
        T get() throws IOException;
    }

    /** What the agent's own calls look like: made inside the bridge's mark. */
    private static <T> T unguarded(IoSupplier<T> call) throws IOException {
        boolean entered = Bridge.enter();
        try {
            return call.get();
        } finally {
            Bridge.exit(entered);
        }
    }

    static HttpURLConnection open(String url) throws IOException {
        return (HttpURLConnection) URI.create(url).toURL().openConnection();
    }

    private static int postForm(HttpURLConnection connection, String form) throws IOException {
        return post(connection, form.getBytes(StandardCharsets.UTF_8));
    }

    private static int post(HttpURLConnection connection, byte[] body) throws IOException {
        connection.setRequestMethod("POST");
        connection.setDoOutput(true);
        try (OutputStream out = connection.getOutputStream()) {
            out.write(body);
        }
        return connection.getResponseCode();
    }
}
