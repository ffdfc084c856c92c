package dev.tokenguard.agent.jdkhttp;

import static dev.tokenguard.agent.ScriptedGuard.answer;
import static dev.tokenguard.agent.ScriptedGuard.proceedWith;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tokenguard.agent.RawCarrierFixture;
import dev.tokenguard.agent.RawHttpServer;
import dev.tokenguard.agent.ScriptedGuard.NamedExchange;
import dev.tokenguard.bootstrap.Bridge;
import dev.tokenguard.core.http.Decision;
import dev.tokenguard.core.http.RequestGuard.Replays;
import java.net.ConnectException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import org.junit.jupiter.api.Test;

class JdkHttpClientAdapterTest extends RawCarrierFixture {

    private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    @Test
    void anotherHostIsNeverJudged() throws Exception {
        assertEquals(200, client.send(post(other.url("/x"), "a=1"), BodyHandlers.ofString()).statusCode());
        assertEquals(200, client.sendAsync(post(other.url("/x"), "a=1"), BodyHandlers.ofString()).get().statusCode());
        assertTrue(guard.decided.isEmpty());
    }

    @Test
    void passedCarrierRequestLeavesByteForByteAsWithoutTokenguard() throws Exception {
        HttpRequest request = post(carrier.url("/rate/v1/rates/quotes"), "a=1&b=2");
        boolean entered = Bridge.enter();
        try {
            client.send(request, BodyHandlers.ofString());
        } finally {
            Bridge.exit(entered);
        }
        client.send(request, BodyHandlers.ofString());

        List<RawHttpServer.Received> received = carrier.received();
        assertEquals(received.get(0).head(), received.get(1).head());
        assertArrayEquals(received.get(0).body(), received.get(1).body());
        assertEquals(1, guard.decided.size());
    }

    @Test
    void guardSeesTheFormBodyWhichIsStillSent() throws Exception {
        client.send(post(carrier.url("/oauth/token"), "grant_type=client_credentials"), BodyHandlers.ofString());

        assertEquals("grant_type=client_credentials", new String(guard.decided.get(0).body(), StandardCharsets.UTF_8));
        assertEquals("application/x-www-form-urlencoded", guard.decided.get(0).headers().first("Content-Type"));
        assertEquals("grant_type=client_credentials", carrier.received().get(0).bodyText());
    }

    @Test
    void asyncSendIsJudgedOnceThoughItCallsTheOtherSendAsync() throws Exception {
        client.sendAsync(post(carrier.url("/track"), "q=1"), BodyHandlers.ofString()).get();

        assertEquals(1, guard.decided.size());
        assertEquals(1, carrier.received().size());
    }

    @Test
    void proceedSendsTheGuardsHeaderFieldsInPlaceOfTheApplications() throws Exception {
        guard.decide(request -> proceedWith("api", "Authorization", "Bearer fresh"));
        HttpRequest request = HttpRequest.newBuilder(URI.create(carrier.url("/ship/v1/shipments")))
                .header("Authorization", "Bearer stale").POST(HttpRequest.BodyPublishers.ofString("{}")).build();

        assertEquals(200, client.send(request, BodyHandlers.ofString()).statusCode());
        assertEquals("Bearer fresh", carrier.received().get(0).header("Authorization"));
        assertEquals(1, carrier.received().get(0).head().split("(?i)authorization:").length - 1);
        assertEquals(new NamedExchange("api"), guard.responses.get(0).exchange());
        assertEquals(200, guard.responses.get(0).status());
    }

    @Test
    void tokenAnswerGoesThroughTheApplicationsBodyHandler() throws Exception {
        guard.decide(request -> answer(200, "OK", TOKEN_JSON,
                "Content-Type", "application/json", "Cache-Control", "no-store"));
        HttpRequest request = post(carrier.url("/oauth/token"), "grant_type=client_credentials");

        HttpResponse<String> response = client.send(request, BodyHandlers.ofString());
        HttpResponse<byte[]> bytes = client.sendAsync(request, BodyHandlers.ofByteArray()).get();

        assertEquals(200, response.statusCode());
        assertEquals(TOKEN_JSON, response.body());
        assertEquals(Optional.of("no-store"), response.headers().firstValue("cache-control"));
        assertEquals(request, response.request());
        assertArrayEquals(TOKEN_JSON.getBytes(StandardCharsets.UTF_8), bytes.body());
        assertTrue(carrier.received().isEmpty());
    }

    @Test
    void refusalIsAnOrdinaryErrorResponse() throws Exception {
        guard.decide(request -> answer(503, "Service Unavailable", "{\"error\":\"kill-switch\"}",
                "Retry-After", "30", "X-Tokenguard", "refused; reason=kill-switch"));

        HttpResponse<String> response = client.sendAsync(post(carrier.url("/oauth/token"), "x"), BodyHandlers.ofString()).get();

        assertEquals(503, response.statusCode());
        assertEquals(Optional.of("30"), response.headers().firstValue("Retry-After"));
        assertEquals(Optional.of("refused; reason=kill-switch"), response.headers().firstValue("X-Tokenguard"));
        assertEquals("{\"error\":\"kill-switch\"}", response.body());
    }

    @Test
    void replayAfter401GoesOutOnceWithTheNewToken() throws Exception {
        carrier.respond(401, "Unauthorized", "no").respond(200, "OK", "shipped");
        scriptReplayOn401();

        HttpResponse<String> response = client.send(post(carrier.url("/ship"), "{\"n\":1}"), BodyHandlers.ofString());

        assertEquals("shipped", response.body());
        assertEquals("Bearer new", carrier.received().get(1).header("Authorization"));
        assertEquals("{\"n\":1}", carrier.received().get(1).bodyText());
        assertEquals(List.of(401, 200), guard.responses.stream().map(r -> r.status()).toList());
    }

    @Test
    void sendMayWaitForARenewalButSendAsyncMayNot() throws Exception {
        carrier.respond(401, "Unauthorized", "no").respond(200, "OK", "shipped")
                .respond(401, "Unauthorized", "no").respond(200, "OK", "shipped");
        scriptReplayOn401();

        client.send(post(carrier.url("/ship"), "{\"n\":1}"), BodyHandlers.ofString());
        client.sendAsync(post(carrier.url("/ship"), "{\"n\":1}"), BodyHandlers.ofString()).get();

        // sendAsync reports on the client's executor, which a renewal must not hold up; no replay is replayed.
        assertEquals(List.of(Replays.AFTER_RENEWAL, Replays.NEVER, Replays.WITHOUT_WAITING, Replays.NEVER),
                guard.responses.stream().map(r -> r.replays()).toList());
    }

    @Test
    void asyncReplayAfter401GoesOutOnceWithTheNewToken() throws Exception {
        carrier.respond(401, "Unauthorized", "no").respond(200, "OK", "shipped");
        scriptReplayOn401();

        HttpResponse<String> response =
                client.sendAsync(post(carrier.url("/ship"), "{\"n\":1}"), BodyHandlers.ofString()).get();

        assertEquals("shipped", response.body());
        assertEquals("Bearer new", carrier.received().get(1).header("Authorization"));
        assertEquals(new NamedExchange("replay"), guard.responses.get(1).exchange());
    }

    @Test
    void failureOfTheGuardLetsTheRequestGoAsItIs() throws Exception {
        guard.decide(request -> {
            throw new IllegalStateException("bug in tokenguard");
        });

        assertEquals(200, client.send(post(carrier.url("/track"), "q"), BodyHandlers.ofString()).statusCode());
        assertEquals(200, client.sendAsync(post(carrier.url("/track"), "q"), BodyHandlers.ofString()).get().statusCode());
        assertEquals(2, carrier.received().size());
    }

    @Test
    void connectErrorReachesTheApplicationAndTheGuard() throws Exception {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        guard.carrier("127.0.0.1", closedPort).decide(request -> proceedWith("api", "Authorization", "Bearer t"));
        HttpRequest request = post("http://127.0.0.1:" + closedPort + "/track", "q");

        assertThrows(ConnectException.class, () -> client.send(request, BodyHandlers.ofString()));
        ExecutionException async = assertThrows(ExecutionException.class,
                () -> client.sendAsync(request, BodyHandlers.ofString()).get());
        assertInstanceOf(ConnectException.class, async.getCause());
        assertEquals(2, guard.failures.size());
        assertInstanceOf(ConnectException.class, guard.failures.get(1).error());
    }

    private static HttpRequest post(String url, String form) {
        return HttpRequest.newBuilder(URI.create(url))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form))
                .build();
    }
}
