package dev.tokenguard.it.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tokenguard.core.testing.RedisServerProcess;
import dev.tokenguard.demo.carrier.Carrier;
import dev.tokenguard.demo.carrier.CarrierSimulator;
import dev.tokenguard.demo.carrier.SimulatorSettings;
import dev.tokenguard.it.support.Await;
import dev.tokenguard.it.support.ForkedApp;
import java.time.Duration;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Someone with write access to Redis copies credential A's stored token value over credential B's
 * key. No instance ever serves A's token to B's token requests, and the instance that reads the
 * tampered value says so in one WARN. The test copies the value whole, whatever its format, so it
 * holds however the store writes it.
 */
class TamperedTokenValueIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String CLUSTER = "it-tamper";
    private static final String SECRET = "tamper-secret-";
    private static final Duration WITHIN = Duration.ofSeconds(30);
    private static final int REQUESTS_AFTER_TAMPERING = 3;

    @Test
    void bsRequestsNeverGetAsTokenAndTheReaderWarnsOnce() throws Exception {
        SimulatorSettings settings = SimulatorSettings.builder()
                .client(Carrier.FEDEX, "tamper-a", SECRET + "a")
                .client(Carrier.FEDEX, "tamper-b", SECRET + "b")
                .build();
        try (RedisServerProcess redis = RedisServerProcess.start();
                CarrierSimulator sim = CarrierSimulator.start(settings);
                Fleet fleet = Fleet.start(2, Fleet.agentConfig(sim, redis.port(), CLUSTER, 2), false)) {
            ForkedApp writer = fleet.app(0);
            ForkedApp reader = fleet.app(1);
            String tokenOfA = accessToken(writer, sim, "tamper-a", SECRET + "a");
            String keyOfA = onlyNewTokenKey(redis, Set.of());
            String tokenOfB = accessToken(writer, sim, "tamper-b", SECRET + "b");
            String keyOfB = onlyNewTokenKey(redis, Set.of(keyOfA));
            assertNotEquals(tokenOfA, tokenOfB);

            boolean copied = redis.with(jedis -> jedis.copy(keyOfA, keyOfB, true));
            assertTrue(copied, "A's value copied over B's key");
            long warningsBefore = warnings(reader.stderrText());

            for (ForkedApp app : new ForkedApp[] {reader, writer}) {
                for (int i = 0; i < REQUESTS_AFTER_TAMPERING; i++) {
                    assertNotEquals(tokenOfA, accessToken(app, sim, "tamper-b", SECRET + "b"),
                            "B's token request was answered with A's token");
                }
            }
            Await.until("the reader warns of the tampered value", WITHIN,
                    () -> warnings(reader.stderrText()) > warningsBefore, () -> log(reader));
            String log = reader.stderrText();
            assertEquals(1, warnings(log) - warningsBefore, "one WARN for the tampered value:\n" + log);
        }
    }

    /** A token request of the application for the credential, answered 200; its access token. */
    private static String accessToken(ForkedApp app, CarrierSimulator sim, String clientId, String secret)
            throws Exception {
        JsonNode reply = app.send(Map.of("op", "call", "client", "urlconnection", "method", "POST",
                "url", sim.baseUrl() + "/oauth/token", "contentType", "application/x-www-form-urlencoded",
                "body", "grant_type=client_credentials&client_id=" + clientId + "&client_secret=" + secret,
                "parallel", 1)).path("replies").get(0);
        assertEquals(200, reply.path("status").asInt(), reply::toString);
        return JSON.readTree(reply.path("body").asText()).path("access_token").asText();
    }

    /** The one token key in Redis that is not among {@code known}, once the instance has published it. */
    private static String onlyNewTokenKey(RedisServerProcess redis, Set<String> known) throws Exception {
        Set<String> fresh = new HashSet<>();
        Await.until("a new token key in Redis", WITHIN, () -> {
            fresh.clear();
            fresh.addAll(redis.with(jedis -> jedis.keys(CLUSTER + ":token:*")));
            fresh.removeAll(known);
            return !fresh.isEmpty();
        }, () -> "token keys " + redis.with(jedis -> jedis.keys(CLUSTER + ":token:*")));
        assertEquals(1, fresh.size(), fresh::toString);
        return fresh.iterator().next();
    }

    private static String log(ForkedApp app) {
        try {
            return app.stderrText();
        } catch (java.io.IOException e) {
            return "(log unreadable: " + e + ")";
        }
    }

    private static long warnings(String log) {
        return log.lines().filter(line -> line.contains(" WARN ")).count();
    }
}
