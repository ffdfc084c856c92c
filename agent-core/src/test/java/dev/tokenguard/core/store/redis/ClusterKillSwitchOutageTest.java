package dev.tokenguard.core.store.redis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tokenguard.core.config.CarrierConfig;
import dev.tokenguard.core.killswitch.KillSwitchState;
import dev.tokenguard.core.testing.ClusterNode;
import dev.tokenguard.core.testing.Eventually;
import dev.tokenguard.core.testing.FakeCarrier;
import dev.tokenguard.core.testing.ManualClock;
import dev.tokenguard.core.testing.RedisServerProcess;
import dev.tokenguard.core.testing.TestCarriers;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A kill-switch change an instance made while it could not reach Redis is shared when Redis is back
 * as of the time it was made: a ban keeps only what is left of it, and a change the cluster made
 * since wins over it. Redis is killed and restarted; the instance's own clock is a fake one.
 */
class ClusterKillSwitchOutageTest {
    private static final CarrierConfig FEDEX = TestCarriers.fedex().build();
    private static final Duration WITHIN = Duration.ofSeconds(10);
    private static final Duration BAN = Duration.ofMinutes(10);
    private static final String BAN_REASON = "ban detected: token endpoint answered 403";
    private static final String KEY = ClusterNode.CLUSTER + ":kill-switch:fedex";

    private final ManualClock clock = new ManualClock();
    private RedisServerProcess redis;

    @BeforeEach
    void startRedis() throws Exception {
        redis = RedisServerProcess.start();
    }

    @AfterEach
    void stopRedis() throws Exception {
        redis.close();
    }

    private ClusterNode node() {
        return new ClusterNode(redis, new FakeCarrier(new ManualClock(), FakeCarrier.Shape.FEDEX, 3600), FEDEX);
    }

    private String held() {
        String value = redis.with(jedis -> jedis.get(KEY));
        return value == null ? "nothing" : value;
    }

    private void awaitOutage(KillSwitchInstance instance) {
        Eventually.until("the instance lost Redis", WITHIN, () -> !instance.connection.available(), () -> "still up");
    }

    @Test
    void aBanTrippedDuringAnOutageIsSharedForWhatIsLeftOfIt() throws Exception {
        try (KillSwitchInstance a = KillSwitchInstance.listening(redis, FEDEX, clock)) {
            redis.kill();
            awaitOutage(a);
            a.killSwitch.trip(BAN_REASON, BAN.toNanos());
            clock.advance(Duration.ofMinutes(9));

            redis.restart();

            Eventually.until("the ban is shared", WITHIN, () -> redis.with(jedis -> jedis.exists(KEY)), this::held);
            long ttl = redis.with(jedis -> jedis.pttl(KEY));
            assertTrue(ttl > 0 && ttl <= Duration.ofMinutes(1).toMillis(), "the ban's last minute, not 10: " + ttl + " ms");
        }
    }

    @Test
    void aBanThatEndedDuringTheOutageIsNotShared() throws Exception {
        try (KillSwitchInstance a = KillSwitchInstance.listening(redis, FEDEX, clock)) {
            redis.kill();
            awaitOutage(a);
            a.killSwitch.trip(BAN_REASON, BAN.toNanos());
            clock.advance(BAN.plusMinutes(1));

            redis.restart();

            Eventually.until("the ban is dropped", WITHIN,
                    () -> a.log.allText().contains("Redis was unreachable (" + BAN_REASON + ") is over; not shared"),
                    a.log::allText);
            assertEquals(Boolean.FALSE, redis.with(jedis -> jedis.exists(KEY)), held());
        }
    }

    @Test
    void aResetMadeInTheClusterDuringTheOutageWinsOverAnOlderBan() throws Exception {
        try (KillSwitchInstance a = KillSwitchInstance.deaf(redis, FEDEX, clock); ClusterNode b = node()) {
            redis.kill();
            a.killSwitch.trip(BAN_REASON, BAN.toNanos());
            awaitOutage(a);
            clock.advance(Duration.ofMinutes(1));
            CountDownLatch aReconnects = a.holdRedisThread();
            try {
                redis.restart();
                b.control("fedex").resetKillSwitch();
                Eventually.until("b's reset is in Redis", WITHIN, () -> held().startsWith("R "), this::held);
            } finally {
                aReconnects.countDown();
            }

            Eventually.until("a takes the reset", WITHIN, () -> a.state() == KillSwitchState.OFF, () -> a.state().toString());
            assertTrue(held().startsWith("R "), "the reset stays: " + held());
            assertEquals(KillSwitchState.OFF, b.control("fedex").killSwitchState());
        }
    }

    @Test
    void aResetByHandMadeDuringTheOutageLeavesATripMadeInTheClusterSinceInPlace() throws Exception {
        try (KillSwitchInstance a = KillSwitchInstance.deaf(redis, FEDEX, clock); ClusterNode b = node()) {
            redis.kill();
            a.killSwitch.reset();
            awaitOutage(a);
            clock.advance(Duration.ofMinutes(1));
            CountDownLatch aReconnects = a.holdRedisThread();
            try {
                redis.restart();
                b.control("fedex").tripKillSwitch("FedEx incident 4711");
                Eventually.until("b's trip is in Redis", WITHIN, () -> held().startsWith("T "), this::held);
            } finally {
                aReconnects.countDown();
            }

            Eventually.until("a takes b's trip", WITHIN,
                    () -> a.state() instanceof KillSwitchState.Tripped t && t.manual()
                            && t.reason().equals("FedEx incident 4711"),
                    () -> a.state().toString());
            assertEquals(-1L, (long) redis.with(jedis -> jedis.pttl(KEY)), "b's trip stays until reset: " + held());
            assertTrue(b.control("fedex").killSwitchState() instanceof KillSwitchState.Tripped, "b stays tripped");
        }
    }
}
