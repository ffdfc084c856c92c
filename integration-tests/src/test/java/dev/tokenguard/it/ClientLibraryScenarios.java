package dev.tokenguard.it;

import static dev.tokenguard.it.support.CarrierWorld.tokenForm;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tokenguard.demo.carrier.CarrierStats;
import dev.tokenguard.it.support.CarrierWorld;
import dev.tokenguard.it.support.ForkedApp;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import okhttp3.mockwebserver.RecordedRequest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * What the agent must do for every client library, end to end: an unchanged application in a JVM
 * forked with {@code -javaagent}, against the carrier simulator over HTTP and HTTPS. Each library's
 * suite extends this class and names its client; one forked JVM serves all of a suite's scenarios,
 * and each scenario uses credentials of its own, so that none sees another's tokens.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class ClientLibraryScenarios {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String FORM = "application/x-www-form-urlencoded";
    private static final String APP_JSON = "application/json";

    /** Hands out simulator clients: a scenario run twice (http, https) takes two. */
    private final AtomicInteger nextClient = new AtomicInteger();
    private CarrierWorld world;
    private ForkedApp app;

    /** The demo client's name for the library, as {@code --client} takes it. */
    abstract String client();

    /** The application's classpath; suites for other library versions replace jars in it. */
    String classpath() {
        return dev.tokenguard.it.support.Artifacts.appClasspath();
    }

    @BeforeAll
    void startWorldAndApp() throws IOException {
        world = new CarrierWorld();
        ForkedApp.Builder builder = ForkedApp.builder().agentConfig(world.writeAgentConfig()).classpath(classpath());
        world.tls.trustStoreSystemProperties().forEach(builder::jvmArg);
        app = builder.start();
    }

    @AfterAll
    void stop() throws IOException {
        if (app != null) {
            app.close();
        }
        if (world != null) {
            world.close();
        }
    }

    @ParameterizedTest(name = "https={0}")
    @ValueSource(booleans = {false, true})
    void aRepeatedTokenCallIsAnsweredFromTheCache(boolean https) throws Exception {
        int client = nextClient.getAndIncrement();
        long before = world.fedexStats().tokensIssued();

        JsonNode first = single(post(tokenUrl(https), FORM, Map.of(), tokenForm(client), 1));
        JsonNode second = single(post(tokenUrl(https), FORM, Map.of(), tokenForm(client), 1));

        assertEquals(200, first.path("status").asInt(), first::toString);
        assertEquals(200, second.path("status").asInt(), second::toString);
        assertEquals(accessToken(first), accessToken(second));
        assertEquals("no-store", second.path("headers").path("cache-control").asText());
        assertTrue(json(second).path("expires_in").asInt() <= json(first).path("expires_in").asInt());
        assertEquals(1, world.fedexStats().tokensIssued() - before, "real token calls");
    }

    @ParameterizedTest(name = "https={0}")
    @ValueSource(booleans = {false, true})
    void twoHundredConcurrentTokenCallsMakeOneRealCallAtStartAndOneAtExpiry(boolean https) throws Exception {
        int client = nextClient.getAndIncrement();
        long before = world.fedexStats().tokensIssued();

        List<JsonNode> atStart = post(tokenUrl(https), FORM, Map.of(), tokenForm(client), 200);
        assertEquals(Set.of(200), statuses(atStart));
        assertEquals(1, distinctTokens(atStart).size());
        assertEquals(1, world.fedexStats().tokensIssued() - before, "real token calls at start");

        waitPast(CarrierWorld.TOKEN_LIFETIME);
        List<JsonNode> atExpiry = post(tokenUrl(https), FORM, Map.of(), tokenForm(client), 200);
        assertEquals(Set.of(200), statuses(atExpiry));
        assertEquals(1, distinctTokens(atExpiry).size());
        assertNotEquals(distinctTokens(atStart), distinctTokens(atExpiry));
        assertEquals(2, world.fedexStats().tokensIssued() - before, "real token calls after one expiry");
    }

    @ParameterizedTest(name = "https={0}")
    @ValueSource(booleans = {false, true})
    void aStormOf401sOnTheCurrentTokenMakesOneRenewalAndTheStaleBearerIsThenUpgraded(boolean https) throws Exception {
        int client = nextClient.getAndIncrement();
        String stale = accessToken(single(post(tokenUrl(https), FORM, Map.of(), tokenForm(client), 1)));
        world.revokeFromOutside("client-" + client, CarrierWorld.SECRET + client);
        CarrierStats before = world.fedexStats();

        // Every user meets the 401 at once and, as the seed's client does, asks for a new token.
        // Calls that leave after the broker has learnt of the revocation are upgraded instead.
        List<JsonNode> stormed = post(apiUrl(https), APP_JSON, bearer(stale), "{}", 50);
        assertTrue(Set.of(200, 401).containsAll(statuses(stormed)), () -> statuses(stormed).toString());
        long unauthorized = stormed.stream().filter(r -> r.path("status").asInt() == 401).count();
        assertTrue(unauthorized >= 1, "the revocation was never seen");
        List<JsonNode> renewed = post(tokenUrl(https), FORM, Map.of(), tokenForm(client), 50);
        assertEquals(Set.of(200), statuses(renewed));
        assertEquals(1, distinctTokens(renewed).size());
        assertEquals(1, world.fedexStats().tokensIssued() - before.tokensIssued(), "real renewals");

        // A user still holding the superseded token never sees the 401 revocation would cause.
        JsonNode upgraded = single(post(apiUrl(https), APP_JSON, bearer(stale), "{}", 1));
        assertEquals(200, upgraded.path("status").asInt(), upgraded::toString);
        assertEquals(before.apiCalls(401) + unauthorized, world.fedexStats().apiCalls(401));
    }

    /**
     * Whether the library's calls may wait for a renewal before a replay. Async clients answer on
     * their I/O threads, which the agent never blocks: there the 401 goes to the application while
     * the renewal runs in the background, and the application's own retry meets the new token.
     */
    boolean waitsForRenewalBeforeReplay() {
        return true;
    }

    @ParameterizedTest(name = "https={0}")
    @ValueSource(booleans = {false, true})
    void whereTheAgentAttachedTheTokenA401IsReplayedOnceOrMetByTheApplicationsRetry(boolean https) throws Exception {
        String client = https ? CarrierWorld.ATTACH_TLS_CLIENT : CarrierWorld.ATTACH_CLIENT;
        String url = world.attachUrl(https) + "/ship/v1/shipments";
        JsonNode attached = single(post(url, APP_JSON, Map.of(), "{}", 1));
        assertEquals(200, attached.path("status").asInt(), attached::toString);

        world.revokeFromOutside(client, CarrierWorld.SECRET + client);
        CarrierStats before = world.fedexStats();
        JsonNode afterRevocation = single(post(url, APP_JSON, Map.of(), "{}", 1));

        if (waitsForRenewalBeforeReplay()) {
            assertEquals(200, afterRevocation.path("status").asInt(), "replayed: " + afterRevocation);
        } else {
            assertEquals(401, afterRevocation.path("status").asInt(), afterRevocation::toString);
            JsonNode retry = single(post(url, APP_JSON, Map.of(), "{}", 1));
            assertEquals(200, retry.path("status").asInt(), "the application's retry: " + retry);
        }
        assertEquals(before.apiCalls(401) + 1, world.fedexStats().apiCalls(401), "the one 401 the revocation caused");
        assertEquals(before.apiCalls(200) + 1, world.fedexStats().apiCalls(200), "the replay, or the retry");
    }

    @ParameterizedTest(name = "https={0}")
    @ValueSource(booleans = {false, true})
    void aTrippedKillSwitchAnswers503NativelyAndNothingLeaves(boolean https) throws Exception {
        String base = world.killedUrl(https);
        CarrierStats before = world.fencedStats();
        JsonNode api = single(post(base + "/ship/v1/shipments", APP_JSON, bearer("anything"), "{}", 1));
        JsonNode token = single(post(base + "/oauth/token", FORM, Map.of(), tokenForm(0), 1));

        for (JsonNode reply : List.of(api, token)) {
            assertEquals(503, reply.path("status").asInt(), reply::toString);
            assertTrue(reply.path("headers").path("x-tokenguard").asText().contains("kill-switch"), reply::toString);
            assertFalse(reply.path("headers").path("retry-after").asText().isEmpty(), reply::toString);
        }
        CarrierStats after = world.fencedStats();
        assertEquals(before.tokenCalls(), after.tokenCalls());
        assertEquals(before.apiCallsByStatus(), after.apiCallsByStatus());
    }

    @Test
    void theLimiterRefusesARenewalOverTheTokenRateNatively() throws Exception {
        String form = "grant_type=client_credentials&client_id=limited-a&client_secret=x";
        JsonNode first = single(post(world.limitedUrl("/oauth/token"), FORM, Map.of(), form, 1));
        JsonNode second = single(post(world.limitedUrl("/oauth/token"), FORM, Map.of(), form.replace("limited-a", "limited-b"), 1));

        assertEquals(200, first.path("status").asInt(), first::toString);
        assertEquals(503, second.path("status").asInt(), second::toString);
        assertTrue(second.path("headers").path("x-tokenguard").asText().contains("rate limit"), second::toString);
        assertFalse(second.path("headers").path("retry-after").asText().isEmpty(), second::toString);
        CarrierWorld.nextRequestTo(world.plain, "/oauth/token");
        assertNull(world.plain.takeRequest(200, java.util.concurrent.TimeUnit.MILLISECONDS), "a second token call reached the carrier");
    }

    @Test
    void nonCarrierTrafficPassesUntouched() throws Exception {
        Map<String, String> headers = Map.of("Authorization", "Bearer not-a-carrier-token", "X-Custom", "kept");
        JsonNode reply = single(post(world.plainUrl("/elsewhere"), APP_JSON, headers, "{\"n\":1}", 1));

        assertEquals(200, reply.path("status").asInt(), reply::toString);
        RecordedRequest seen = CarrierWorld.nextRequestTo(world.plain, "/elsewhere");
        assertEquals("Bearer not-a-carrier-token", seen.getHeader("Authorization"));
        assertEquals("kept", seen.getHeader("X-Custom"));
        assertEquals("{\"n\":1}", seen.getBody().readUtf8());
        assertFalse(reply.path("headers").has("x-tokenguard"));
    }

    @Test
    void noBearerReachesANonCarrierHostAfterARedirect() throws Exception {
        JsonNode reply = single(call("GET", world.redirectingUrl("/labels/1"), null, Map.of(), null, 1));

        assertEquals(200, reply.path("status").asInt(), reply::toString);
        RecordedRequest atCarrier = world.redirecting.takeRequest(30, java.util.concurrent.TimeUnit.SECONDS);
        assertNotNull(atCarrier);
        assertTrue(String.valueOf(atCarrier.getHeader("Authorization")).startsWith("Bearer "), "the agent attached a token");
        RecordedRequest landed = CarrierWorld.nextRequestTo(world.plain, "/landing");
        assertNull(landed.getHeader("Authorization"), "a bearer followed the redirect to a non-carrier host");
    }

    private String tokenUrl(boolean https) {
        return world.fedexUrl(https) + "/oauth/token";
    }

    private String apiUrl(boolean https) {
        return world.fedexUrl(https) + "/rate/v1/rates/quotes";
    }

    private static Map<String, String> bearer(String token) {
        return Map.of("Authorization", "Bearer " + token);
    }

    private List<JsonNode> post(String url, String contentType, Map<String, String> headers, String body, int parallel)
            throws IOException {
        return call("POST", url, contentType, headers, body, parallel);
    }

    private List<JsonNode> call(String method, String url, String contentType, Map<String, String> headers, String body,
            int parallel) throws IOException {
        Map<String, Object> command = new LinkedHashMap<>();
        command.put("op", "call");
        command.put("client", client());
        command.put("method", method);
        command.put("url", url);
        command.put("contentType", contentType);
        command.put("headers", headers);
        command.put("body", body);
        command.put("parallel", parallel);
        List<JsonNode> replies = new ArrayList<>();
        app.send(command).path("replies").forEach(replies::add);
        return replies;
    }

    private static JsonNode single(List<JsonNode> replies) {
        assertEquals(1, replies.size());
        return replies.get(0);
    }

    private static Set<Integer> statuses(List<JsonNode> replies) {
        Set<Integer> statuses = new HashSet<>();
        replies.forEach(r -> statuses.add(r.has("status") ? r.get("status").asInt() : -1));
        return statuses;
    }

    private static Set<String> distinctTokens(List<JsonNode> replies) throws IOException {
        Set<String> tokens = new HashSet<>();
        for (JsonNode r : replies) {
            tokens.add(accessToken(r));
        }
        return tokens;
    }

    private static JsonNode json(JsonNode reply) throws IOException {
        return JSON.readTree(reply.path("body").asText());
    }

    private static String accessToken(JsonNode reply) throws IOException {
        return json(reply).path("access_token").asText();
    }

    /** Lets a token's lifetime run out: the scenario is about expiry, so real time must pass. */
    private static void waitPast(java.time.Duration lifetime) throws InterruptedException {
        Thread.sleep(lifetime.toMillis() + 100);
    }
}
