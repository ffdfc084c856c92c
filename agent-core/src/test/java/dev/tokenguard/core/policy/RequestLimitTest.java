package dev.tokenguard.core.policy;

import static dev.tokenguard.core.policy.Engines.get;
import static dev.tokenguard.core.testing.TestPolicies.policy;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tokenguard.core.config.PolicyConfig;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** requests=N/W: never more than N admitted in any interval of length W; waiting is first come, first served. */
class RequestLimitTest {

    @Test
    void noIntervalOfAnyBandHoldsMoreThanItsCallsUnderRandomArrivals() {
        for (long seed = 1; seed <= 20; seed++) {
            Random random = new Random(seed);
            Duration maxWait = Duration.ofMillis(random.nextInt(3000));
            try (Engines e = new Engines(policy("api").requests(5, Duration.ofSeconds(1))
                    .requests(20, Duration.ofSeconds(10)).maxWait(maxWait).build())) {
                List<Long> admitted = new ArrayList<>();
                for (int i = 0; i < 2000; i++) {
                    e.clock.advanceMillis(random.nextInt(random.nextBoolean() ? 5 : 600));
                    Verdict v = e.admit(get("/track"));
                    if (v instanceof PolicyPass) {
                        admitted.add(e.clock.nanoTime());
                    } else if (v instanceof Waiting w) {
                        assertTrue(w.atNanos - e.clock.nanoTime() <= maxWait.toNanos(), "waits within max-wait");
                        admitted.add(w.atNanos);
                    } else {
                        assertInstanceOf(PolicyRefusal.class, v);
                    }
                }
                assertAtMost(admitted, 5, TimeUnit.SECONDS.toNanos(1), seed);
                assertAtMost(admitted, 20, TimeUnit.SECONDS.toNanos(10), seed);
                assertTrue(admitted.size() > 100, "seed " + seed + ": most of the room is used, got " + admitted.size());
            }
        }
    }

    /** Admission times are in order, so the worst interval starts at an admission: check each. */
    private static void assertAtMost(List<Long> times, int calls, long windowNanos, long seed) {
        for (int i = 1; i < times.size(); i++) {
            assertTrue(times.get(i) - times.get(i - 1) >= 0, "seed " + seed + ": admissions in order");
        }
        for (int i = 0; i + calls < times.size(); i++) {
            assertTrue(times.get(i + calls) - times.get(i) >= windowNanos,
                    "seed " + seed + ": " + (calls + 1) + " admissions within " + windowNanos + " ns from #" + i);
        }
    }

    @Test
    void waitersGetTheirTimesInArrivalOrder() {
        try (Engines e = new Engines(policy("api").requests(1, Duration.ofSeconds(1)).maxWait(Duration.ofSeconds(10)).build())) {
            assertInstanceOf(PolicyPass.class, e.admit(get("/a")));
            long previous = e.clock.nanoTime();
            for (int i = 0; i < 5; i++) {
                Waiting w = assertInstanceOf(Waiting.class, e.admit(get("/a")));
                assertEquals(TimeUnit.SECONDS.toNanos(1), w.atNanos - previous, "call " + i + " goes a second after the one before");
                previous = w.atNanos;
            }
            assertEquals(5, e.stats("api").waited());
        }
    }

    @Test
    void aCallBeyondMaxWaitIsRefusedAndSpendsNothing() {
        try (Engines e = new Engines(policy("api").requests(2, Duration.ofSeconds(10)).maxWait(Duration.ofSeconds(1)).build(),
                policy("other").requests(100, Duration.ofSeconds(10)).maxWait(Duration.ofSeconds(1)).build())) {
            e.admit(get("/a"));
            e.admit(get("/a"));
            PolicyRefusal r = assertInstanceOf(PolicyRefusal.class, e.admit(get("/a")));
            assertEquals(429, r.status());
            assertEquals("policy api", r.source());
            assertEquals(new PolicyRefusal.RateLimit("api", 2, 10, 0, 10), r.rateLimit());
            assertEquals(TimeUnit.SECONDS.toNanos(10), r.retryAfterNanos());

            assertEquals(new PolicyStats(3, 2, 0, 1, 0, 0, 2, 0), e.stats("api"));
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
