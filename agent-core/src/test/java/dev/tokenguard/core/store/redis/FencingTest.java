package dev.tokenguard.core.store.redis;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tokenguard.core.broker.SharedToken;
import dev.tokenguard.core.broker.StoreKey;
import dev.tokenguard.core.broker.TokenStore;
import dev.tokenguard.core.testing.CapturingLogger;
import dev.tokenguard.core.testing.Eventually;
import dev.tokenguard.core.testing.RedisServerProcess;
import dev.tokenguard.core.time.TimeSource;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.event.Level;

/** The store's lease and fence, as two instances see them. */
class FencingTest {
    private static final StoreKey KEY = StoreKey.forSecret("fedex:0123abcd", "secret");
    private static RedisServerProcess redis;
    private RedisClusterStore first;
    private RedisClusterStore second;

    @BeforeAll
    static void startRedis() throws Exception {
        redis = RedisServerProcess.start();
    }

    @AfterAll
    static void stopRedis() throws Exception {
        redis.close();
    }

    @BeforeEach
    void twoInstances() {
        redis.with(jedis -> jedis.flushAll());
        first = store();
        second = store();
    }

    @AfterEach
    void close() {
        first.close();
        second.close();
    }

    private static RedisClusterStore store() {
        return new RedisClusterStore(redis.location(), "fencing", 2, TimeSource.system(),
                new CapturingLogger(Level.DEBUG), Duration.ofSeconds(3));
    }

    private static SharedToken token(String value, long usableMillis) {
        String json = "{\"access_token\":\"" + value + "\",\"expires_in\":3600}";
        return new SharedToken(json.getBytes(StandardCharsets.UTF_8), usableMillis / 2, usableMillis);
    }

    private static String value(SharedToken token) {
        return new String(token.body(), StandardCharsets.UTF_8);
    }

    @Test
    void aLeaseIsOnlyOnesAtATime() {
        TokenStore.Lease lease = first.tokens().lease(KEY);
        assertNotNull(lease);
        assertNull(second.tokens().lease(KEY));
        lease.close();
        assertNotNull(second.tokens().lease(KEY));
    }

    @Test
    void aStalledHoldersLateTokenIsRefusedOnceALaterLeaseWasTaken() {
        TokenStore.Lease stalled = first.tokens().lease(KEY);
        redis.with(jedis -> jedis.del("fencing:lease:" + KEY)); // its lease expired while it stalled
        TokenStore.Lease successor = second.tokens().lease(KEY);

        assertTrue(successor.publish(token("newer", 60_000)));
        assertFalse(stalled.publish(token("late", 120_000)));
        assertTrue(value(first.tokens().read(KEY)).contains("newer"));
    }

    @Test
    void aHolderPublishesWhileNoLaterLeaseExists() {
        TokenStore.Lease lease = first.tokens().lease(KEY);
        redis.with(jedis -> jedis.del("fencing:lease:" + KEY)); // expired, but nobody took another

        assertTrue(lease.publish(token("mine", 60_000)));
        assertTrue(value(second.tokens().read(KEY)).contains("mine"));
    }

    @Test
    void theStoredTokenCarriesItsTimesAndExpiresWithTheToken() {
        TokenStore.Lease lease = first.tokens().lease(KEY);
        lease.publish(token("short", 1_000));

        SharedToken read = second.tokens().read(KEY);
        assertTrue(read.usableMillis() > 900 && read.usableMillis() <= 1_000, read.toString());
        assertTrue(read.freshMillis() > 400 && read.freshMillis() <= 500, read.toString());
        long ttl = redis.with(jedis -> jedis.pttl("fencing:token:" + KEY));
        assertTrue(ttl > 0 && ttl <= 1_000, "the token key expires with the token: " + ttl);
    }

    @Test
    void anOfferTakesOnlyWhereTheStoredTokenExpiresEarlier() {
        first.tokens().lease(KEY).publish(token("stored", 60_000));

        assertFalse(second.tokens().offer(KEY, token("older", 30_000)));
        assertTrue(second.tokens().offer(KEY, token("newer", 90_000)));
        assertTrue(value(first.tokens().read(KEY)).contains("newer"));
    }

    @Test
    void anOfferLeavesTheHoldersFenceValid() {
        TokenStore.Lease holder = first.tokens().lease(KEY);
        assertTrue(second.tokens().offer(KEY, token("offered", 30_000)));

        assertTrue(holder.publish(token("renewed", 60_000)));
        assertTrue(value(first.tokens().read(KEY)).contains("renewed"));
    }

    @Test
    void everyKeyExpires() {
        TokenStore.Lease lease = first.tokens().lease(KEY);
        lease.publish(token("any", 60_000));
        for (String key : redis.with(jedis -> jedis.keys("fencing:*"))) {
            assertTrue(redis.with(jedis -> jedis.pttl(key)) > 0, key + " has no expiry");
        }
        lease.close();
    }

    @Test
    void aDeadHoldersLeaseExpires() throws Exception {
        RedisClusterStore dying = new RedisClusterStore(redis.location(), "fencing", 2, TimeSource.system(),
                new CapturingLogger(Level.DEBUG), Duration.ofSeconds(2));
        assertNotNull(dying.tokens().lease(KEY));
        dying.close(); // keeps it alive no more, and never releases it

        assertNull(second.tokens().lease(KEY), "held until its TTL runs out");
        // Polled, not slept: the lease is free once Redis expires it, however loaded the machine is.
        Eventually.until("the dead holder's lease expired", Duration.ofSeconds(10),
                () -> second.tokens().lease(KEY) != null, () -> "still held");
    }

    @Test
    void aLiveHolderKeepsItsLeasePastItsTtl() throws Exception {
        // A 1 s TTL kept alive about every third of it: 2.5 s is past two TTLs, with room for a
        // keep-alive that a loaded machine delays by most of a second.
        RedisClusterStore slow = new RedisClusterStore(redis.location(), "fencing", 2, TimeSource.system(),
                new CapturingLogger(Level.DEBUG), Duration.ofSeconds(1));
        try {
            TokenStore.Lease lease = slow.tokens().lease(KEY);
            Thread.sleep(2500);
            assertNull(second.tokens().lease(KEY), "still held");
            assertTrue(lease.publish(token("slow but alive", 60_000)));
        } finally {
            slow.close();
        }
    }
}
