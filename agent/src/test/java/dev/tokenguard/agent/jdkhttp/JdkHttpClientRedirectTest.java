package dev.tokenguard.agent.jdkhttp;

import static dev.tokenguard.agent.ScriptedGuard.proceedWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tokenguard.agent.RawCarrierFixture;
import dev.tokenguard.agent.RawHttpServer;
import dev.tokenguard.agent.ScriptedGuard.NamedExchange;
import dev.tokenguard.bootstrap.Bridge;
import dev.tokenguard.core.http.Decision;
import dev.tokenguard.core.http.HttpHeaders;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandler;
import java.net.http.HttpResponse.BodyHandlers;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** A bearer the guard attached never follows a redirect to a host that is not a carrier's. */
class JdkHttpClientRedirectTest extends RawCarrierFixture {

    private RawHttpServer otherCarrier;

    @BeforeEach
    void startOtherCarrier() throws IOException {
        otherCarrier = new RawHttpServer();
        guard.carrier("127.0.0.1", otherCarrier.port());
    }

    @AfterEach
    void stopOtherCarrier() throws IOException {
        otherCarrier.close();
    }

    @Test
    void redirectToAnotherHostCarriesNoTokenOfTheGuard() throws Exception {
        carrier.respond(302, "Found", "", "Location: " + other.url("/labels/1"));
        guard.decide(request -> proceedWith("api", "Authorization", "Bearer secret"));

        HttpResponse<String> response = client(HttpClient.Redirect.NORMAL)
                .send(get(carrier.url("/labels/1")).header("X-Trace", "t1").build(), BodyHandlers.ofString());

        assertLandedWithoutTheGuardsToken(response);
    }

    @Test
    void asyncRedirectToAnotherHostCarriesNoTokenOfTheGuard() throws Exception {
        carrier.respond(302, "Found", "", "Location: " + other.url("/labels/1"));
        guard.decide(request -> proceedWith("api", "Authorization", "Bearer secret"));

        HttpResponse<String> response = client(HttpClient.Redirect.NORMAL)
                .sendAsync(get(carrier.url("/labels/1")).header("X-Trace", "t1").build(), BodyHandlers.ofString())
                .get();

        assertLandedWithoutTheGuardsToken(response);
    }

    @ParameterizedTest
    @ValueSource(ints = {302, 307})
    void applicationsOwnBearerOnACarrierRequestNeverFollowsARedirectToAnotherHost(int status) throws Exception {
        carrier.respond(status, "Redirect", "", "Location: " + other.url("/labels/1"));
        guard.decide(request -> new Decision.Proceed(HttpHeaders.EMPTY, new NamedExchange("api")));

        HttpResponse<String> response = client(HttpClient.Redirect.NORMAL).send(
                get(carrier.url("/labels/1")).header("Authorization", "Bearer app-set").build(), BodyHandlers.ofString());

        assertEquals(200, response.statusCode());
        assertEquals("Bearer app-set", carrier.received().get(0).header("Authorization"));
        assertNull(other.received().get(0).header("Authorization"));
    }

    @ParameterizedTest
    @ValueSource(ints = {302, 307})
    void applicationsOwnBearerOnAnAsyncCarrierRequestNeverFollowsARedirectToAnotherHost(int status) throws Exception {
        carrier.respond(status, "Redirect", "", "Location: " + other.url("/labels/1"));
        guard.decide(request -> new Decision.Proceed(HttpHeaders.EMPTY, new NamedExchange("api")));

        HttpResponse<String> response = client(HttpClient.Redirect.NORMAL).sendAsync(
                get(carrier.url("/labels/1")).header("Authorization", "Bearer app-set").build(), BodyHandlers.ofString())
                .get(30, TimeUnit.SECONDS);

        assertEquals(200, response.statusCode());
        assertEquals("Bearer app-set", carrier.received().get(0).header("Authorization"));
        assertNull(other.received().get(0).header("Authorization"));
    }

    @Test
    void redirectTokenguardCannotFollowIsHandedOverAsItIs() throws Exception {
        // The JDK refuses to build a request for this scheme: a fault in following, not the client's.
        carrier.respond(302, "Found", "", "Location: ftp://127.0.0.1/labels/1");
        guard.decide(request -> proceedWith("api", "Authorization", "Bearer secret"));

        HttpResponse<String> response = client(HttpClient.Redirect.ALWAYS)
                .send(get(carrier.url("/labels/1")).build(), BodyHandlers.ofString());

        assertEquals(302, response.statusCode());
        assertTrue(other.received().isEmpty());
    }

    @Test
    void applicationsOwnAuthorizationOnAPassedRequestFollowsAsTheJdkDecides() throws Exception {
        RawHttpServer passed = new RawHttpServer();
        try (passed) {
            passed.respond(302, "Found", "", "Location: " + other.url("/next"))
                    .respond(302, "Found", "", "Location: " + other.url("/next"));
            HttpClient client = client(HttpClient.Redirect.NORMAL);
            HttpRequest request = get(passed.url("/start")).header("Authorization", "Bearer app").build();
            boolean entered = Bridge.enter();
            try {
                client.send(request, BodyHandlers.ofString()); // the JDK alone
            } finally {
                Bridge.exit(entered);
            }

            assertEquals(200, client.send(request, BodyHandlers.ofString()).statusCode());
        }
        assertEquals(other.received().get(0).head(), other.received().get(1).head());
        assertTrue(guard.decided.isEmpty());
    }

    @Test
    void redirectToACarrierHostIsDecidedAgain() throws Exception {
        carrier.respond(307, "Temporary Redirect", "", "Location: " + otherCarrier.url("/ship/moved"));
        guard.decide(request ->
                proceedWith(request.uri().getPath(), "Authorization", "Bearer " + request.uri().getPort()));
        HttpRequest request = get(carrier.url("/ship")).POST(HttpRequest.BodyPublishers.ofString("{\"n\":1}")).build();

        HttpResponse<String> response = client(HttpClient.Redirect.NORMAL).send(request, BodyHandlers.ofString());

        assertEquals(200, response.statusCode());
        assertEquals(List.of("/ship", "/ship/moved"), guard.decided.stream().map(r -> r.uri().getPath()).toList());
        RawHttpServer.Received moved = otherCarrier.received().get(0);
        assertEquals("POST /ship/moved HTTP/1.1", moved.requestLine());
        assertEquals("Bearer " + otherCarrier.port(), moved.header("Authorization"));
        assertEquals("{\"n\":1}", moved.bodyText());
        assertEquals(List.of(307, 200), guard.responses.stream().map(r -> r.status()).toList());
    }

    @Test
    void redirectLoopBetweenCarrierHostsStopsAtTheJdksLimit() throws Exception {
        for (int i = 0; i < JdkRedirects.LIMIT + 1; i++) {
            carrier.respond(302, "Found", "", "Location: /loop" + i);
        }
        guard.decide(request -> proceedWith("api", "Authorization", "Bearer t"));

        HttpResponse<String> response = client(HttpClient.Redirect.ALWAYS)
                .sendAsync(get(carrier.url("/loop")).build(), BodyHandlers.ofString()).get();

        // The JDK follows a redirect while the count, including it, stays under its limit.
        assertEquals(302, response.statusCode());
        assertEquals(JdkRedirects.LIMIT, carrier.received().size());
        assertEquals(JdkRedirects.LIMIT, guard.decided.size());
    }

    @Test
    void neverPolicyHandsTheRedirectOver() throws Exception {
        carrier.respond(302, "Found", "", "Location: " + other.url("/labels/1"));
        guard.decide(request -> proceedWith("api", "Authorization", "Bearer secret"));

        HttpResponse<String> response = client(HttpClient.Redirect.NEVER)
                .send(get(carrier.url("/labels/1")).build(), BodyHandlers.ofString());

        assertEquals(302, response.statusCode());
        assertEquals("Bearer secret", carrier.received().get(0).header("Authorization"));
        assertTrue(other.received().isEmpty());
    }

    @Test
    void applicationsBodyHandlerSeesOnlyTheResponseItGets() throws Exception {
        carrier.respond(303, "See Other", "redirect body", "Location: " + other.url("/result"));
        guard.decide(request -> proceedWith("api", "Authorization", "Bearer secret"));
        AtomicInteger applied = new AtomicInteger();
        BodyHandler<String> counting = info -> {
            applied.incrementAndGet();
            return BodyHandlers.ofString().apply(info);
        };

        HttpResponse<String> response = client(HttpClient.Redirect.NORMAL)
                .send(get(carrier.url("/ship")).POST(HttpRequest.BodyPublishers.ofString("x")).build(), counting);

        assertEquals("ok", response.body());
        assertEquals(1, applied.get());
        assertEquals("GET /result HTTP/1.1", other.received().get(0).requestLine());
    }

    private void assertLandedWithoutTheGuardsToken(HttpResponse<String> response) {
        assertEquals(200, response.statusCode());
        assertEquals("ok", response.body());
        assertEquals(URI.create(other.url("/labels/1")), response.uri());
        assertEquals("Bearer secret", carrier.received().get(0).header("Authorization"));
        assertEquals(1, other.received().size());
        assertNull(other.received().get(0).header("Authorization"));
        assertEquals("t1", other.received().get(0).header("X-Trace"));
    }

    private static HttpClient client(HttpClient.Redirect policy) {
        return HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).followRedirects(policy).build();
    }

    private static HttpRequest.Builder get(String url) {
        return HttpRequest.newBuilder(URI.create(url));
    }
}
