package dev.tokenguard.core.store.redis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tokenguard.core.config.RateBand;
import dev.tokenguard.core.policy.SharedCounters;
import dev.tokenguard.core.policy.SharedCounters.Places;
import dev.tokenguard.core.policy.SharedCounters.Taken;
import dev.tokenguard.core.testing.CapturingLogger;
import dev.tokenguard.core.testing.Eventually;
import dev.tokenguard.core.testing.RedisServerProcess;
import dev.tokenguard.core.time.TimeSource;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.event.Level;

/**
 * The places of cluster-scoped policies' bands, shared through Redis: {@code N} at a time per band,
 * each held until {@code W} after its call's response, taken in every band at once or in none.
 */
class SharedCountersTest {
    private static final Duration WITHIN = Duration.ofSeconds(10);
    private static final long LEASE = TimeUnit.SECONDS.toMillis(30);
    private RedisServerProcess redis;

    @BeforeEach
    void startRedis() throws Exception {
        redis = RedisServerProcess.start();
    }

    @AfterEach
    void stopRedis() throws Exception {
        redis.close();
    }

    private RedisClusterStore store() {
        return new RedisClusterStore(redis.location(), "shared", 3, TimeSource.system(), new CapturingLogger(Level.DEBUG));
    }

    private static List<Places> counter(String name, long calls, Duration per) {
        return List.of(new Places(name, List.of(new RateBand(calls, per))));
    }

    private static Taken take(SharedCounters counters, List<Places> places, String... ids) {
        return counters.take(places, List.of(ids), 0, LEASE);
    }

    @Test
    void takeGivesAsManyPlacesAsAreFree() {
        try (RedisClusterStore a = store(); RedisClusterStore b = store()) {
            List<Places> three = counter("p1", 3, Duration.ofMinutes(1));

            assertEquals(new Taken(2, 0, 0), take(a.sharedCounters(), three, "a1", "a2"));
            assertEquals(new Taken(1, 0, 0), take(b.sharedCounters(), three, "b1", "b2"));
        }
    }

    @Test
    void whenFullARetrySaysWhenTheEarliestHeldPlaceFrees() {
        try (RedisClusterStore a = store()) {
            SharedCounters counters = a.sharedCounters();
            List<Places> two = counter("p1", 2, Duration.ofSeconds(2));
            take(counters, two, "c1", "c2");
            counters.responded(two, List.of("c1"));

            Taken refused = take(counters, two, "c3");

            assertEquals(0, refused.count());
            assertTrue(refused.retryMillis() > 1000 && refused.retryMillis() <= 2001,
                    "c1 is held 2 s from its response: " + refused);
        }
    }

    @Test
    void aReservationWithinTheMaxWaitGetsOnePlaceLater() {
        try (RedisClusterStore a = store(); RedisClusterStore b = store()) {
            List<Places> one = counter("p1", 1, Duration.ofMillis(500));
            take(a.sharedCounters(), one, "a1");
            a.sharedCounters().responded(one, List.of("a1"));

            Taken reserved = b.sharedCounters().take(one, List.of("b1", "b2"), 2000, LEASE);

            assertEquals(1, reserved.count(), reserved.toString());
            assertTrue(reserved.waitMillis() > 0 && reserved.waitMillis() <= 501, reserved.toString());
            assertEquals(new Taken(0, 0, -1), take(a.sharedCounters(), one, "a2"), "the reserved place is in flight");
        }
    }

    @Test
    void whenEveryPlaceIsInFlightTheRetryIsUnknown() {
        try (RedisClusterStore a = store()) {
            List<Places> two = counter("p1", 2, Duration.ofSeconds(1));
            take(a.sharedCounters(), two, "c1", "c2");

            assertEquals(new Taken(0, 0, -1), a.sharedCounters().take(two, List.of("c3"), 60_000, LEASE));
        }
    }

    @Test
    void aCallHasAPlaceInEveryCounterOrInNone() {
        try (RedisClusterStore a = store()) {
            SharedCounters counters = a.sharedCounters();
            List<Places> roomy = counter("roomy", 5, Duration.ofMinutes(1));
            List<Places> full = counter("full", 1, Duration.ofMinutes(1));
            take(counters, full, "f1");

            List<Places> both = List.of(roomy.get(0), full.get(0));
            assertEquals(0, take(counters, both, "c1").count());

            assertEquals(5, take(counters, roomy, "r1", "r2", "r3", "r4", "r5", "r6").count(),
                    "the refused call took nothing in the roomy counter");
        }
    }

    @Test
    void theNarrowestBandOfACounterDecides() {
        try (RedisClusterStore a = store()) {
            List<Places> twoBands = List.of(new Places("p1", List.of(new RateBand(10, Duration.ofMinutes(1)),
                    new RateBand(2, Duration.ofSeconds(1)))));

            assertEquals(2, take(a.sharedCounters(), twoBands, "c1", "c2", "c3").count());
        }
    }

    @Test
    void aPlaceNeverReportedComesFreeWhenItsLeaseEnds() {
        try (RedisClusterStore a = store()) {
            SharedCounters counters = a.sharedCounters();
            List<Places> one = counter("p1", 1, Duration.ofMinutes(1));
            long start = System.nanoTime();
            assertEquals(1, counters.take(one, List.of("lost"), 0, 300).count());
            assertEquals(0, counters.take(one, List.of("c1"), 0, 300).count());

            Eventually.until("the lost call's lease ends", WITHIN,
                    () -> counters.take(one, List.of("c2"), 0, 300).count() == 1, () -> "still taken");

            assertTrue(System.nanoTime() - start >= TimeUnit.MILLISECONDS.toNanos(300), "not before the lease ended");
        }
    }

    @Test
    void aRenewedLeaseKeepsThePlace() throws Exception {
        try (RedisClusterStore a = store()) {
            SharedCounters counters = a.sharedCounters();
            List<Places> one = counter("p1", 1, Duration.ofMinutes(1));
            counters.take(one, List.of("long"), 0, 2000);
            for (int i = 0; i < 3; i++) {
                Thread.sleep(800);
                counters.renew(one, List.of("long"), 2000);
            }

            assertEquals(new Taken(0, 0, -1), take(counters, one, "c1"), "2.4 s after a 2 s lease, renewed");
        }
    }

    @Test
    void aPlaceGivenBackIsFreeAtOnce() {
        try (RedisClusterStore a = store()) {
            SharedCounters counters = a.sharedCounters();
            List<Places> one = counter("p1", 1, Duration.ofMinutes(1));
            take(counters, one, "unused");

            counters.giveBack(one, List.of("unused"));

            assertEquals(new Taken(1, 0, 0), take(counters, one, "c1"));
        }
    }

    @Test
    void everyKeyExpires() {
        try (RedisClusterStore a = store()) {
            SharedCounters counters = a.sharedCounters();
            List<Places> two = List.of(new Places("p1", List.of(new RateBand(2, Duration.ofSeconds(1)),
                    new RateBand(5, Duration.ofMinutes(1)))), new Places("p2", List.of(new RateBand(3, Duration.ofSeconds(10)))));
            take(counters, two, "c1", "c2");
            counters.responded(two, List.of("c1"));

            Set<String> keys = redis.with(jedis -> jedis.keys("shared:places:*"));
            assertEquals(6, keys.size(), "held and in flight for each of 3 bands: " + keys);
            for (String key : keys) {
                long ttl = redis.with(jedis -> jedis.pttl(key));
                long longest = LEASE + Duration.ofMinutes(1).toMillis() + RedisSharedCounters.KEPT_AFTER.toMillis();
                assertTrue(ttl > 0 && ttl <= longest, key + " expires: " + ttl + " ms");
            }
        }
    }

    @Test
    void anAnnouncementReachesTheOtherInstancesNotItsOwn() {
        try (RedisClusterStore a = store(); RedisClusterStore b = store()) {
            List<String> onA = new CopyOnWriteArrayList<>();
            List<String> onB = new CopyOnWriteArrayList<>();
            a.sharedCounters().onAnnouncement(onA::add);
            b.sharedCounters().onAnnouncement(onB::add);
            Eventually.until("both instances listen", WITHIN, () -> redis.with(
                    jedis -> jedis.pubsubNumSub("shared:policies").get("shared:policies")) == 2, () -> "");

            a.sharedCounters().announce("block fedex");
            Eventually.until("b hears a", WITHIN, () -> onB.contains("block fedex"), onB::toString);
            b.sharedCounters().announce("pause ups");
            Eventually.until("a hears b", WITHIN, () -> onA.contains("pause ups"), onA::toString);

            // Redis delivers in order of publication: had a heard itself, it would have before b's answer.
            assertEquals(List.of("pause ups"), onA);
            assertEquals(List.of("block fedex"), onB);
        }
    }

    @Test
    void withoutRedisTakeFailsPromptlyAndWorksAgainOnRecovery() throws Exception {
        try (RedisClusterStore a = store()) {
            SharedCounters counters = a.sharedCounters();
            List<Places> two = counter("p1", 2, Duration.ofSeconds(1));
            AtomicInteger recoveries = new AtomicInteger();
            // The actions also run once the store first subscribes, maybe late: only runs with Redis up count.
            counters.onRecovery(() -> recoveries.addAndGet(counters.available() ? 1 : 0));
            assertEquals(1, take(counters, two, "c1").count());
            redis.kill();

            long start = System.nanoTime();
            assertThrows(SharedCounters.Unavailable.class, () -> take(counters, two, "c2"));
            assertTrue(System.nanoTime() - start < TimeUnit.SECONDS.toNanos(1), "promptly");
            assertFalse(counters.available());
            int before = recoveries.get();

            redis.restart();
            Eventually.until("the recovery action runs", WITHIN, () -> recoveries.get() > before,
                    () -> recoveries.get() + " recoveries");
            assertTrue(counters.available());
            assertEquals(1, take(counters, two, "c3").count(), "the restarted Redis knows no script: sent again");
        }
    }

    /**
     * 3 instances of 8 threads each, calling as fast as they are let for 4 s against 20 places a
     * second: their arrivals, on this JVM's clock, never put more than 20 in any second.
     */
    @Test
    void noIntervalOfWHoldsMoreThanNArrivalsWhateverTheConcurrency() throws Exception {
        int places = 20;
        Duration window = Duration.ofSeconds(1);
        long runNanos = TimeUnit.SECONDS.toNanos(4);
        List<Places> counter = counter("busy", places, window);
        List<RedisClusterStore> stores = List.of(store(), store(), store());
        ExecutorService threads = Executors.newFixedThreadPool(24);
        List<Long> arrivals = Collections.synchronizedList(new ArrayList<>());
        try {
            long end = System.nanoTime() + runNanos;
            List<Future<?>> running = new ArrayList<>();
            for (int t = 0; t < 24; t++) {
                SharedCounters counters = stores.get(t % 3).sharedCounters();
                String thread = "t" + t + "-";
                running.add(threads.submit(() -> {
                    for (int call = 0; System.nanoTime() < end; call++) {
                        List<String> id = List.of(thread + call);
                        Taken taken = counters.take(counter, id, 2000, LEASE);
                        if (taken.count() == 0) {
                            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(
                                    taken.retryMillis() > 0 ? Math.min(taken.retryMillis(), 50) : 2));
                            continue;
                        }
                        long goes = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(taken.waitMillis());
                        for (long left = goes - System.nanoTime(); left > 0; left = goes - System.nanoTime()) {
                            LockSupport.parkNanos(left);
                        }
                        arrivals.add(System.nanoTime());
                        counters.responded(counter, id);
                    }
                    return null;
                }));
            }
            for (Future<?> thread : running) {
                thread.get(60, TimeUnit.SECONDS);
            }
        } finally {
            threads.shutdownNow();
            stores.forEach(RedisClusterStore::close);
        }

        List<Long> sorted = new ArrayList<>(arrivals);
        Collections.sort(sorted);
        long closest = Long.MAX_VALUE;
        for (int i = 0; i + places < sorted.size(); i++) {
            closest = Math.min(closest, sorted.get(i + places) - sorted.get(i));
        }
        assertTrue(closest >= window.toNanos(), "arrivals " + places + " apart must be at least " + window
                + " apart, closest " + TimeUnit.NANOSECONDS.toMicros(closest) + " µs");
        assertTrue(sorted.size() > 40, "about 20 a second for 4 s, at least half of it: " + sorted.size());
        System.out.printf("%d arrivals in 4 s at 20/1s; arrivals 20 apart at least %d µs apart%n", sorted.size(),
                TimeUnit.NANOSECONDS.toMicros(closest));
    }
}
