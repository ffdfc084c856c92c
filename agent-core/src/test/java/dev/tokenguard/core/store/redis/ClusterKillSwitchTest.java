package dev.tokenguard.core.store.redis;

import static dev.tokenguard.core.testing.Requests.fedexToken;
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
import dev.tokenguard.core.time.TimeSource;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.JedisPubSub;

/** One kill-switch per carrier for the cluster: what one instance does, every instance does. */
class ClusterKillSwitchTest {
    private static final CarrierConfig FEDEX = TestCarriers.fedex().build();
    /** Generous: the machine may be busy. */
    private static final Duration WITHIN = Duration.ofSeconds(10);
    /** How long a message takes at most to arrive, for checking that one changed nothing. */
    private static final Duration DELIVERY = Duration.ofSeconds(1);
    private static final Duration BAN = Duration.ofMinutes(10);
    private static final String KEY = ClusterNode.CLUSTER + ":kill-switch:fedex";
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

    private static ClusterNode node() {
        return new ClusterNode(redis, new FakeCarrier(new ManualClock(), FakeCarrier.Shape.FEDEX, 3600), FEDEX);
    }

    private static KillSwitchState state(ClusterNode node) {
        return node.control("fedex").killSwitchState();
    }

    @Test
    void aTripByHandOnOneInstanceTripsTheOthersWithItsReason() {
        try (ClusterNode a = node(); ClusterNode b = node(); ClusterNode c = node()) {
            a.control("fedex").tripKillSwitch("FedEx incident 4711");

            for (ClusterNode other : new ClusterNode[] {b, c}) {
                Eventually.until("tripped everywhere", WITHIN, () -> state(other) instanceof KillSwitchState.Tripped,
                        () -> state(other).toString());
                KillSwitchState.Tripped tripped = (KillSwitchState.Tripped) state(other);
                assertTrue(tripped.manual());
                assertEquals("FedEx incident 4711", tripped.reason());
            }
            assertEquals(-1L, (long) redis.with(jedis -> jedis.pttl("test:kill-switch:fedex")), "kept until reset");
        }
    }

    @Test
    void aResetOnAnyInstanceResetsEveryInstance() {
        try (ClusterNode a = node(); ClusterNode b = node()) {
            a.control("fedex").tripKillSwitch("by hand");
            Eventually.until("tripped on b", WITHIN, () -> state(b) != KillSwitchState.OFF, () -> state(b).toString());

            b.control("fedex").resetKillSwitch();

            Eventually.until("reset on a", WITHIN, () -> state(a) == KillSwitchState.OFF, () -> state(a).toString());
            String held = redis.with(jedis -> jedis.get("test:kill-switch:fedex"));
            assertTrue(held.startsWith("R "), "the reset, no trip: " + held);
        }
    }

    @Test
    void aBanDetectedByOneInstanceTripsTheOthersForTheBansLength() {
        try (ClusterNode a = node(); ClusterNode b = node()) {
            a.carrier.thenStatus(403, "{\"errors\":[{\"code\":\"FORBIDDEN\"}]}");
            a.decide(fedexToken("id", "secret"));

            Eventually.until("b tripped", WITHIN, () -> state(b) instanceof KillSwitchState.Tripped,
                    () -> state(b).toString());
            KillSwitchState.Tripped tripped = (KillSwitchState.Tripped) state(b);
            assertTrue(!tripped.manual() && tripped.reason().contains("ban detected"), tripped.toString());
            long ttl = redis.with(jedis -> jedis.pttl("test:kill-switch:fedex"));
            assertTrue(ttl > TimeUnit.MINUTES.toMillis(9) && ttl <= TimeUnit.MINUTES.toMillis(10), "the ban's 10 min: " + ttl);
            assertEquals(0, b.carrier.calls());
        }
    }

    @Test
    void aBanNeverReplacesATripByHand() {
        try (ClusterNode a = node(); KillSwitchInstance b = KillSwitchInstance.deaf(redis, FEDEX, TimeSource.system())) {
            a.control("fedex").tripKillSwitch("FedEx incident 4711");
            Eventually.until("a's trip is in Redis", WITHIN, () -> redis.with(jedis -> jedis.exists(KEY)), () -> "no trip");

            b.killSwitch.trip("ban detected: token endpoint answered 403", BAN.toNanos()); // b missed a's trip

            Eventually.until("b takes a's trip by hand", WITHIN,
                    () -> b.state() instanceof KillSwitchState.Tripped t && t.manual()
                            && t.reason().equals("FedEx incident 4711"),
                    () -> b.state().toString());
            assertEquals(-1L, (long) redis.with(jedis -> jedis.pttl(KEY)), "a's trip stays until reset");
            assertTrue(((KillSwitchState.Tripped) state(a)).manual(), "a stays tripped by hand");
        }
    }

    @Test
    void aTripByHandReplacesABan() {
        try (ClusterNode a = node(); ClusterNode b = node()) {
            a.carrier.thenStatus(403, "{\"errors\":[{\"code\":\"FORBIDDEN\"}]}");
            a.decide(fedexToken("id", "secret"));
            Eventually.until("b banned", WITHIN, () -> state(b) instanceof KillSwitchState.Tripped, () -> state(b).toString());

            b.control("fedex").tripKillSwitch("FedEx incident 4711");

            Eventually.until("a tripped by hand", WITHIN, () -> state(a) instanceof KillSwitchState.Tripped t && t.manual(),
                    () -> state(a).toString());
            assertEquals(-1L, (long) redis.with(jedis -> jedis.pttl(KEY)), "kept until reset");
        }
    }

    @Test
    void aShorterTripLeavesALongerBanInPlace() {
        try (ClusterNode a = node(); KillSwitchInstance b = KillSwitchInstance.deaf(redis, FEDEX, TimeSource.system())) {
            a.carrier.thenStatus(403, "{\"errors\":[{\"code\":\"FORBIDDEN\"}]}");
            a.decide(fedexToken("id", "secret"));
            Eventually.until("a's ban is in Redis", WITHIN, () -> redis.with(jedis -> jedis.exists(KEY)), () -> "no trip");

            b.killSwitch.trip("token endpoint answered 429", Duration.ofSeconds(1).toNanos()); // b missed a's ban

            Eventually.until("b takes a's ban", WITHIN,
                    () -> b.state() instanceof KillSwitchState.Tripped t && t.reason().contains("ban detected"),
                    () -> b.state().toString());
            long ttl = redis.with(jedis -> jedis.pttl(KEY));
            assertTrue(ttl > TimeUnit.MINUTES.toMillis(9), "the ban's 10 min: " + ttl);
        }
    }

    @Test
    void aValueThatIsNoKillSwitchStateIsOverwritten() {
        redis.with(jedis -> jedis.set(KEY, "left by something else"));
        try (ClusterNode a = node()) {
            a.carrier.thenStatus(403, "{\"errors\":[{\"code\":\"FORBIDDEN\"}]}");
            a.decide(fedexToken("id", "secret"));

            Eventually.until("a's ban is in Redis", WITHIN, () -> redis.with(jedis -> jedis.get(KEY)).startsWith("T "),
                    () -> redis.with(jedis -> jedis.get(KEY)));
        }
    }

    @Test
    void anInstanceStartingLaterLearnsTheTrip() {
        try (ClusterNode a = node()) {
            a.control("fedex").tripKillSwitch("before b started");
            Eventually.until("written", WITHIN,
                    () -> redis.with(jedis -> jedis.exists("test:kill-switch:fedex")), () -> "no key");
            try (ClusterNode b = node()) {
                Eventually.until("b tripped at start", WITHIN, () -> state(b) instanceof KillSwitchState.Tripped,
                        () -> state(b).toString());
            }
        }
    }

    @Test
    void aProbesResetDeliveredLateLeavesANewerBanInPlace() throws Exception {
        List<String> announced = new CopyOnWriteArrayList<>();
        JedisPubSub listener = new JedisPubSub() {
            @Override
            public void onMessage(String channel, String message) {
                announced.add(message);
            }
        };
        Thread subscriber = new Thread(() -> {
            try (Jedis jedis = new Jedis("127.0.0.1", redis.port())) {
                jedis.subscribe(listener, "test:kill-switch");
            }
        });
        subscriber.start();
        try (ClusterNode a = node(); ClusterNode b = node()) {
            Eventually.until("subscribed", WITHIN, listener::isSubscribed, () -> "not subscribed");
            b.carrier.thenStatus(429, "{}", "Retry-After", "1");
            b.decide(fedexToken("id", "secret"));
            Eventually.until("a tripped by b", WITHIN, () -> state(a) instanceof KillSwitchState.Tripped,
                    () -> state(a).toString());
            String older = state(a).trip();
            Thread.sleep(1200); // the 429's second and its jitter
            b.decide(fedexToken("id", "secret"));
            Eventually.until("b's probe reset a", WITHIN, () -> state(a) == KillSwitchState.OFF, () -> state(a).toString());
            // a heard the reset on its own subscription; this test's subscriber may hear it a moment later.
            Eventually.until("b's reset announced", WITHIN,
                    () -> announced.stream().anyMatch(m -> m.contains(" R " + older + " ")), announced::toString);
            String reset = announced.stream().filter(m -> m.contains(" R " + older + " ")).findFirst().orElseThrow();

            a.carrier.thenStatus(403, "{\"errors\":[{\"code\":\"FORBIDDEN\"}]}");
            a.decide(fedexToken("other-tenant", "secret")); // b's token is cached for the cluster
            Eventually.until("b tripped by a's ban", WITHIN,
                    () -> state(b) instanceof KillSwitchState.Tripped t && t.reason().contains("ban detected"),
                    () -> state(b).toString());
            redis.with(jedis -> jedis.publish("test:kill-switch", reset)); // b's reset, delivered late
            Thread.sleep(DELIVERY.toMillis());

            for (ClusterNode node : new ClusterNode[] {a, b}) {
                KillSwitchState.Tripped ban = (KillSwitchState.Tripped) state(node);
                assertTrue(ban.reason().contains("ban detected"), ban.toString());
            }
            assertEquals(Boolean.TRUE, redis.with(jedis -> jedis.exists("test:kill-switch:fedex")));
        } finally {
            listener.unsubscribe();
            subscriber.join();
        }
    }
}
