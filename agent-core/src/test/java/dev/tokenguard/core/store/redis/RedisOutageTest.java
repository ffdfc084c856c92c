package dev.tokenguard.core.store.redis;

import static dev.tokenguard.core.testing.Requests.accessToken;
import static dev.tokenguard.core.testing.Requests.fedexToken;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tokenguard.core.broker.TokenStore;
import dev.tokenguard.core.config.CarrierConfig;
import dev.tokenguard.core.config.StoreLocation;
import dev.tokenguard.core.config.RateBand;
import dev.tokenguard.core.limit.TokenCallLimiter;
import dev.tokenguard.core.testing.CapturingLogger;
import dev.tokenguard.core.testing.ClusterNode;
import dev.tokenguard.core.testing.Eventually;
import dev.tokenguard.core.testing.FakeCarrier;
import dev.tokenguard.core.testing.ManualClock;
import dev.tokenguard.core.testing.RedisServerProcess;
import dev.tokenguard.core.testing.TestCarriers;
import dev.tokenguard.core.time.TimeSource;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.event.Level;

/**
 * Redis trouble never opens the floodgates: each instance falls back to its share of the budget,
 * says so once, never waits on a dead Redis, and returns to cluster mode when Redis is back.
 */
class RedisOutageTest {
    private static final List<RateBand> FOUR_A_MINUTE = List.of(new RateBand(4, Duration.ofMinutes(1)));
    private static final CarrierConfig FEDEX = TestCarriers.fedex().build();
    private RedisServerProcess redis;

    @BeforeEach
    void startRedis() throws Exception {
        redis = RedisServerProcess.start();
    }

    @AfterEach
    void stopRedis() throws Exception {
        redis.close();
    }

    private static long warnings(CapturingLogger log) {
        return log.messages(Level.WARN).stream().filter(m -> m.contains("unreachable")).count();
    }

    @Test
    void withoutRedisEachInstanceKeepsToItsShareAndSaysSoOnce() throws Exception {
        CapturingLogger log = new CapturingLogger(Level.DEBUG);
        try (RedisClusterStore store = new RedisClusterStore(redis.location(), "outage", 2, TimeSource.system(), log)) {
            TokenCallLimiter limiter = store.limiter("apis.fedex.com", FOUR_A_MINUTE);
            assertTrue(limiter.acquire(0).granted());
            redis.kill();

            int granted = 0;
            for (int i = 0; i < 10; i++) {
                granted += limiter.acquire(0).granted() ? 1 : 0;
            }

            assertEquals(1, granted, "half of 4/1m, the share of one of 2 expected instances, less the call it made "
                    + "through the cluster's bucket just before");
            assertEquals(1, warnings(log), log.allText());
            assertTrue(log.messages(Level.WARN).get(0).contains("1/2 of every token-rate band"), log.allText());
        }
    }

    @Test
    void aRedisThatRefusesCommandsIsNotTakenForADeadOne() throws Exception {
        redis.with(jedis -> jedis.aclSetUser("no-scripts", "on", ">pw", "~*", "&*", "+@all", "-eval"));
        StoreLocation.Redis noScripts = new StoreLocation.Redis(false, "127.0.0.1", redis.port(), "no-scripts", "pw", 0);
        CapturingLogger log = new CapturingLogger(Level.DEBUG);
        try (RedisConnection connection = new RedisConnection(noScripts, log, 2)) {
            for (int i = 0; i < 3; i++) {
                assertThrows(TokenStore.Unavailable.class,
                        () -> connection.call(jedis -> jedis.eval("return 1", List.of(), List.of())));
            }

            assertTrue(connection.available(), "the circuit stays closed: Redis answered");
            assertEquals(0, warnings(log), log.allText());
            assertEquals(1, log.messages(Level.ERROR).size(), log.allText());
            assertTrue(log.messages(Level.ERROR).get(0).contains("NOPERM"), log.allText());
            assertFalse(log.allText().contains(":pw@"), "no password in the log");
        }
    }

    @Test
    void aRequestNeverWaitsOnADeadRedis() throws Exception {
        FakeCarrier carrier = new FakeCarrier(new ManualClock(), FakeCarrier.Shape.FEDEX, 3600);
        try (ClusterNode a = new ClusterNode(redis, carrier, FEDEX)) {
            redis.kill();

            long start = System.nanoTime();
            String token = accessToken(a.decide(fedexToken("id", "secret")));
            long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);

            assertEquals(carrier.token(1), token);
            assertTrue(millis < 1_000, "renewed alone in " + millis + " ms");
            assertEquals(1, warnings(a.log), a.log.allText());
        }
    }

    @Test
    void afterAnOutageTheInstanceReturnsToClusterModeAndSharesWhatItGotAlone() throws Exception {
        FakeCarrier carrier = new FakeCarrier(new ManualClock(), FakeCarrier.Shape.FEDEX, 3600);
        try (ClusterNode a = new ClusterNode(redis, carrier, FEDEX); ClusterNode b = new ClusterNode(redis, carrier, FEDEX)) {
            redis.kill();
            String alone = accessToken(a.decide(fedexToken("id", "secret")));

            redis.restart();
            Eventually.until("back in cluster mode", Duration.ofSeconds(5),
                    () -> a.log.messages(Level.INFO).stream().anyMatch(m -> m.contains("back in cluster mode")),
                    a.log::allText);
            Eventually.until("the token is offered to the cluster", Duration.ofSeconds(5),
                    () -> !redis.with(jedis -> jedis.keys("test:token:*")).isEmpty(), () -> "no token key");

            assertEquals(alone, accessToken(b.decide(fedexToken("id", "secret"))));
            assertEquals(1, carrier.calls(), "no token lost, none fetched twice");
        }
    }

    @Test
    void theSharedBucketIsUsedAgainOnceRedisIsBack() throws Exception {
        CapturingLogger log = new CapturingLogger(Level.DEBUG);
        try (RedisClusterStore a = new RedisClusterStore(redis.location(), "outage", 2, TimeSource.system(), log);
                RedisClusterStore b = new RedisClusterStore(redis.location(), "outage", 2, TimeSource.system(), log)) {
            TokenCallLimiter onA = a.limiter("g", FOUR_A_MINUTE);
            redis.kill();
            onA.acquire(0);
            redis.restart();
            Eventually.until("a is back", Duration.ofSeconds(5), a.tokens()::available, () -> "down");

            int granted = 0;
            TokenCallLimiter onB = b.limiter("g", FOUR_A_MINUTE);
            for (int i = 0; i < 6; i++) {
                granted += (i % 2 == 0 ? onA : onB).acquire(0).granted() ? 1 : 0;
            }
            assertEquals(4, granted, "one bucket of 4 for both");
            assertEquals(2, warnings(log), "one warning per instance: " + log.allText());
        }
    }
}
