package dev.tokenguard.core.policy;

import static dev.tokenguard.core.policy.Engines.get;
import static dev.tokenguard.core.testing.TestPolicies.policy;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tokenguard.core.config.PolicyConfig;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** requests=N/W: never more than N admitted in any interval of length W; waiting is first come, first served. */
class RequestLimitTest {

    /**
     * The carrier counts a call when it arrives, anywhere between its admission and its response. Calls
     * come at random, each takes a random time (none, or up to 800 ms against a 1 s band) and arrives
     * at a random moment of it; every response is reported at its time. No interval of either band's
     * length holds more arrivals than the band allows, and most of the room is used.
     */
    @Test
    void noIntervalOfAnyBandHoldsMoreArrivalsThanItsCallsWhateverTheLatency() {
        for (long seed = 1; seed <= 20; seed++) {
            Random random = new Random(seed);
            Duration maxWait = Duration.ofMillis(random.nextInt(3000));
            int maxLatency = seed % 2 == 0 ? 0 : 800;
            try (Engines e = new Engines(policy("api").requests(5, Duration.ofSeconds(1))
                    .requests(20, Duration.ofSeconds(10)).maxWait(maxWait).build())) {
                Flights flights = new Flights(e, random, maxLatency);
                for (int i = 0; i < 2000; i++) {
                    flights.advance(TimeUnit.MILLISECONDS.toNanos(random.nextInt(random.nextBoolean() ? 5 : 600)));
                    Verdict v = e.admit(get("/track"));
                    if (v instanceof PolicyPass pass) {
                        flights.depart(pass, e.clock.nanoTime());
                    } else if (v instanceof Waiting w) {
                        flights.waiting(w, maxWait);
                    } else {
                        assertInstanceOf(PolicyRefusal.class, v);
                    }
                }
                flights.advance(TimeUnit.SECONDS.toNanos(60));
                List<Long> arrivals = flights.arrivals();
                assertAtMost(arrivals, 5, TimeUnit.SECONDS.toNanos(1), seed);
                assertAtMost(arrivals, 20, TimeUnit.SECONDS.toNanos(10), seed);
                assertTrue(arrivals.size() > 100, "seed " + seed + ": most of the room is used, got " + arrivals.size());
            }
        }
    }

    /** Calls under way in a simulation on the fake clock: they go at their time and answer after their latency. */
    private static final class Flights {
        private final Engines e;
        private final Random random;
        private final int maxLatencyMillis;
        /** {response time, id}, soonest first. */
        private final PriorityQueue<long[]> answers = new PriorityQueue<>(Comparator.comparingLong((long[] a) -> a[0]));
        private final Map<Long, PolicyPass> passes = new HashMap<>();
        private final List<Waiting> queued = new ArrayList<>();
        private final List<Long> arrivals = new ArrayList<>();
        private long ids;

        Flights(Engines e, Random random, int maxLatencyMillis) {
            this.e = e;
            this.random = random;
            this.maxLatencyMillis = maxLatencyMillis;
        }

        void depart(PolicyPass pass, long at) {
            long latency = maxLatencyMillis == 0 ? 0 : TimeUnit.MILLISECONDS.toNanos(random.nextInt(maxLatencyMillis));
            arrivals.add(at + (long) (random.nextDouble() * latency));
            passes.put(ids, pass);
            answers.add(new long[] {at + latency, ids++});
        }

        void waiting(Waiting w, Duration maxWait) {
            if (w.queued) {
                queued.add(w);
                return;
            }
            assertTrue(w.atNanos - e.clock.nanoTime() <= maxWait.toNanos(), "waits within max-wait");
            depart(w.pass, w.atNanos);
        }

        /** Moves the clock on by {@code nanos}, reporting each response at its time. */
        void advance(long nanos) {
            long until = e.clock.nanoTime() + nanos;
            while (!answers.isEmpty() && answers.peek()[0] - until <= 0) {
                long[] answer = answers.poll();
                e.clock.advance(Duration.ofNanos(Math.max(0, answer[0] - e.clock.nanoTime())));
                e.fedex.release(passes.remove(answer[1]));
                for (Iterator<Waiting> it = queued.iterator(); it.hasNext(); ) {
                    Waiting w = it.next();
                    if (w.settled.isDone()) {
                        it.remove();
                        if (w.refusal == null) {
                            depart(w.pass, w.atNanos);
                        }
                    }
                }
            }
            e.clock.advance(Duration.ofNanos(Math.max(0, until - e.clock.nanoTime())));
        }

        List<Long> arrivals() {
            List<Long> sorted = new ArrayList<>(arrivals);
            Collections.sort(sorted);
            return sorted;
        }
    }

    /** Sorted times: the worst interval starts at one of them, so check each. */
    private static void assertAtMost(List<Long> times, int calls, long windowNanos, long seed) {
        for (int i = 0; i + calls < times.size(); i++) {
            assertTrue(times.get(i + calls) - times.get(i) >= windowNanos,
                    "seed " + seed + ": " + (calls + 1) + " arrivals within " + windowNanos + " ns from #" + i);
        }
    }

    /**
     * With requests=1/1s, a call holds the one place until a second after its response; calls that
     * come meanwhile queue, and each gets its time, in arrival order, when the one before answers.
     */
    @Test
    void waitersGetTheirTimesInArrivalOrder() {
        try (Engines e = new Engines(policy("api").requests(1, Duration.ofSeconds(1)).maxWait(Duration.ofSeconds(60)).build())) {
            PolicyPass first = assertInstanceOf(PolicyPass.class, e.admit(get("/a")));
            List<Waiting> waiters = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                Waiting w = assertInstanceOf(Waiting.class, e.admit(get("/a")));
                assertTrue(w.queued, "call " + i + " queues behind the one under way");
                waiters.add(w);
            }
            PolicyPass answering = first;
            for (int i = 0; i < waiters.size(); i++) {
                e.clock.advanceMillis(300);
                long answeredAt = e.clock.nanoTime();
                e.fedex.release(answering);
                Waiting w = waiters.get(i);
                assertTrue(w.settled.isDone(), "call " + i + " got its time when the call before answered");
                assertEquals(TimeUnit.SECONDS.toNanos(1), w.atNanos - answeredAt, "call " + i + " goes a second after that answer");
                for (int j = i + 1; j < waiters.size(); j++) {
                    assertFalse(waiters.get(j).settled.isDone(), "call " + j + " still queues");
                }
                e.clock.advance(Duration.ofNanos(w.atNanos - e.clock.nanoTime()));
                answering = w.pass;
            }
            assertEquals(4, e.stats("api").waited());
        }
    }

    @Test
    void aCallBeyondMaxWaitIsRefusedAndSpendsNothing() {
        try (Engines e = new Engines(policy("api").requests(2, Duration.ofSeconds(10)).maxWait(Duration.ofSeconds(1)).build(),
                policy("other").requests(100, Duration.ofSeconds(10)).maxWait(Duration.ofSeconds(1)).build())) {
            e.fedex.release((PolicyPass) e.admit(get("/a")));
            e.fedex.release((PolicyPass) e.admit(get("/a")));
            PolicyRefusal r = assertInstanceOf(PolicyRefusal.class, e.admit(get("/a")));
            assertEquals(429, r.status());
            assertEquals("policy api", r.source());
            assertEquals(new PolicyRefusal.RateLimit("api", 2, 10, 0, 10), r.rateLimit());
            assertEquals(TimeUnit.SECONDS.toNanos(10), r.retryAfterNanos());

            assertEquals(new PolicyStats(3, 2, 0, 1, 0, 0, 0, 0), e.stats("api"));
            assertEquals(2, e.stats("other").admitted(), "the refused call is counted by no policy");
        }
    }

    @Test
    void theStrictestPolicyDecidesAndTheSmallestMaxWaitOfThoseThatHoldTheCall() {
        try (Engines e = new Engines(policy("slow").requests(1, Duration.ofSeconds(5)).maxWait(Duration.ofSeconds(10)).build(),
                policy("fast").requests(1, Duration.ofSeconds(1)).maxWait(Duration.ofSeconds(3)).build())) {
            e.admit(get("/a"));
            PolicyRefusal r = assertInstanceOf(PolicyRefusal.class, e.admit(get("/a")),
                    "slow holds it 5 s, fast allows 3 s of waiting");
            assertEquals("policy slow", r.source());
        }
    }

    @Test
    void perCredentialAGreedyClientNeverMakesALightOneWait() {
        try (Engines e = new Engines(policy("api").per(PolicyConfig.Per.CREDENTIAL).requests(2, Duration.ofSeconds(1))
                .maxWait(Duration.ZERO).build())) {
            int greedyRefused = 0;
            for (int i = 0; i < 10; i++) {
                greedyRefused += e.admit(get("/a"), "greedy") instanceof PolicyRefusal ? 1 : 0;
            }
            assertEquals(8, greedyRefused);
            assertInstanceOf(PolicyPass.class, e.admit(get("/a"), "light"));
            assertInstanceOf(PolicyPass.class, e.admit(get("/a"), "light"));
            PolicyRefusal r = assertInstanceOf(PolicyRefusal.class, e.admit(get("/a"), "greedy"));
            assertTrue(r.reason().contains("for fp-greedy"), r.reason());
        }
    }

    @Test
    void conditionsSelectTheCallsAndNotInvertsThem() {
        try (Engines e = new Engines(policy("track").paths("/track/**").methods("GET").requests(1, Duration.ofSeconds(1))
                .maxWait(Duration.ZERO).build(), policy("rest").paths("/track/**").not().requests(1, Duration.ofSeconds(1))
                .maxWait(Duration.ZERO).build())) {
            assertInstanceOf(PolicyPass.class, e.admit(get("/track/v1/x")));
            assertInstanceOf(PolicyRefusal.class, e.admit(get("/track/v1/x")));
            assertInstanceOf(PolicyPass.class, e.admit(get("/ship/v1/x")));
            assertEquals(2, e.stats("track").matched());
            assertEquals(1, e.stats("rest").matched());
        }
    }

    @Test
    void aCallNoPolicyAppliesToGetsNoVerdict() {
        try (Engines e = new Engines(policy("track").paths("/track/**").requests(1, Duration.ofSeconds(1)).build(),
                policy("off").requests(1, Duration.ofSeconds(1)).disabled().build())) {
            assertNull(e.admit(get("/ship")));
            assertNull(e.engine.carrier("ups").admit(get("/track/x"), null, null), "a policy of another carrier");
        }
    }

    @Test
    void admittedCallsThroughTheSameCountersShareOnePass() {
        try (Engines e = new Engines(policy("a").requests(1000, Duration.ofSeconds(1)).build(),
                policy("b").per(PolicyConfig.Per.CREDENTIAL).requests(1000, Duration.ofSeconds(1)).build())) {
            PolicyPass first = assertInstanceOf(PolicyPass.class, e.admit(get("/a"), "id"));
            assertTrue(first == e.admit(get("/b"), "id"));
            assertTrue(first != e.admit(get("/b"), "other"));
        }
    }
}
