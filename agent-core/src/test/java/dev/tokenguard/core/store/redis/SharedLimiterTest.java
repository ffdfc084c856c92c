package dev.tokenguard.core.store.redis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tokenguard.core.config.RateBand;
import dev.tokenguard.core.limit.TokenCallLimiter;
import dev.tokenguard.core.testing.CapturingLogger;
import dev.tokenguard.core.testing.RedisServerProcess;
import dev.tokenguard.core.time.TimeSource;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.event.Level;

/** One token-call budget per quota group for every instance of a cluster. */
class SharedLimiterTest {
    private static final List<RateBand> THREE_A_MINUTE = List.of(new RateBand(3, Duration.ofMinutes(1)));
    private static RedisServerProcess redis;

    @BeforeAll
    static void startRedis() throws Exception {
        redis = RedisServerProcess.start();
    }

    @AfterAll
    static void stopRedis() throws Exception {
        redis.close();
    }

    @BeforeEach
    void emptyRedis() {
        redis.with(jedis -> jedis.flushAll());
    }

    private static RedisClusterStore store(String cluster) {
        return new RedisClusterStore(redis.location(), cluster, 2, TimeSource.system(), new CapturingLogger(Level.DEBUG));
    }

    private static int granted(TokenCallLimiter limiter, int tries) {
        int granted = 0;
        for (int i = 0; i < tries; i++) {
            granted += limiter.acquire(0).granted() ? 1 : 0;
        }
        return granted;
    }

    @Test
    void twoInstancesShareOneBucket() {
        try (RedisClusterStore a = store("shared"); RedisClusterStore b = store("shared")) {
            TokenCallLimiter onA = a.limiter("apis.fedex.com", THREE_A_MINUTE);
            TokenCallLimiter onB = b.limiter("apis.fedex.com", THREE_A_MINUTE);

            assertEquals(2, granted(onA, 2));
            assertEquals(1, granted(onB, 2));
            assertEquals(0, granted(onA, 2));
        }
    }

    @Test
    void aRefusalSaysWhenTheNextPermitIsDue() {
        try (RedisClusterStore a = store("shared")) {
            TokenCallLimiter limiter = a.limiter("apis.fedex.com", THREE_A_MINUTE);
            granted(limiter, 3);

            TokenCallLimiter.Permit refused = limiter.acquire(0);
            assertFalse(refused.granted());
            long seconds = TimeUnit.NANOSECONDS.toSeconds(refused.retryAfterNanos());
            assertTrue(seconds >= 15 && seconds <= 20, "a permit every 20 s: " + seconds + " s");
        }
    }

    @Test
    void aWaitWithinTheRefillIsGranted() {
        try (RedisClusterStore a = store("shared"); RedisClusterStore b = store("shared")) {
            List<RateBand> fivePerSecond = List.of(new RateBand(5, Duration.ofSeconds(1)));
            granted(a.limiter("group", fivePerSecond), 5);

            long start = System.nanoTime();
            assertTrue(b.limiter("group", fivePerSecond).acquire(TimeUnit.MILLISECONDS.toNanos(500)).granted());
            assertTrue(System.nanoTime() - start >= TimeUnit.MILLISECONDS.toNanos(100), "waited for the refill");
        }
    }

    @Test
    void aLagChargedOnOneInstanceDelaysTheOthersPermits() {
        try (RedisClusterStore a = store("shared"); RedisClusterStore b = store("shared")) {
            List<RateBand> onePerMinute = List.of(new RateBand(1, Duration.ofMinutes(1)));
            TokenCallLimiter onA = a.limiter("group", onePerMinute);
            assertTrue(onA.acquire(0).granted());
            onA.departedLate(TimeUnit.SECONDS.toNanos(30));

            TokenCallLimiter.Permit refused = b.limiter("group", onePerMinute).acquire(0);
            assertFalse(refused.granted());
            long seconds = TimeUnit.NANOSECONDS.toSeconds(refused.retryAfterNanos());
            assertTrue(seconds >= 80 && seconds <= 90, "a minute plus the 30 s lag: " + seconds + " s");
        }
    }

    @Test
    void quotaGroupsAndClustersHaveBucketsOfTheirOwn() {
        try (RedisClusterStore a = store("one"); RedisClusterStore b = store("two")) {
            assertEquals(3, granted(a.limiter("apis.fedex.com", THREE_A_MINUTE), 4));
            assertEquals(3, granted(a.limiter("onlinetools.ups.com", THREE_A_MINUTE), 4));
            assertEquals(3, granted(b.limiter("apis.fedex.com", THREE_A_MINUTE), 4));
        }
    }

    @Test
    void theBucketKeyExpires() {
        try (RedisClusterStore a = store("shared")) {
            granted(a.limiter("apis.fedex.com", THREE_A_MINUTE), 1);
            long ttl = redis.with(jedis -> jedis.pttl("shared:limit-units:apis.fedex.com"));
            assertTrue(ttl > 0 && ttl <= TimeUnit.SECONDS.toMillis(30), "expires once full again: " + ttl + " ms");
        }
    }

    @Test
    void aReloadOnOneInstanceChangesTheClustersBucketAndKeepsWhatWasTaken() {
        try (RedisClusterStore a = store("shared"); RedisClusterStore b = store("shared")) {
            List<RateBand> onePerMinute = List.of(new RateBand(1, Duration.ofMinutes(1)));
            TokenCallLimiter onA = a.limiter("group", onePerMinute);
            TokenCallLimiter onB = b.limiter("group", onePerMinute);
            assertTrue(onA.acquire(0).granted());

            onA.reconfigure(List.of(new RateBand(3, Duration.ofSeconds(1))));

            // The permit taken counts: the new band starts from no tokens and refills 3 a second.
            assertTrue(onB.acquire(TimeUnit.SECONDS.toNanos(2)).granted(), "b waited for the new band, not a minute");
            TokenCallLimiter.Permit next = onB.acquire(0);
            assertFalse(next.granted());
            assertTrue(next.retryAfterNanos() <= TimeUnit.MILLISECONDS.toNanos(340), next.retryAfterNanos() + " ns");
        }
    }
}
