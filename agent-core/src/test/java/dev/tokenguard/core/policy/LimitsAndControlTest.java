package dev.tokenguard.core.policy;

import static dev.tokenguard.core.policy.Engines.get;
import static dev.tokenguard.core.policy.Engines.headers;
import static dev.tokenguard.core.policy.Engines.post;
import static dev.tokenguard.core.testing.TestPolicies.policy;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tokenguard.core.testing.Eventually;
import dev.tokenguard.core.time.TimeSource;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.slf4j.event.Level;

/** bytes, in-flight, shadow mode, blocks, a carrier's 429 and reload. */
class LimitsAndControlTest {

    @Test
    void bytesGoWhileTheBudgetIsNotInDebtAndResponsesCount() {
        try (Engines e = new Engines(policy("bw").bytes(1000, Duration.ofSeconds(1)).maxWait(Duration.ZERO).build())) {
            PolicyPass first = assertInstanceOf(PolicyPass.class, e.admit(post("/a", 800)));
            assertInstanceOf(PolicyPass.class, e.admit(post("/a", 100)), "800 of 1000 spent: not in debt");
            e.fedex.onResponse(first, null, null, 200, headers("Content-Length", "600"), null);
            assertInstanceOf(PolicyRefusal.class, e.admit(post("/a", 10)), "1500 spent: in debt by 500");
            e.clock.advanceMillis(500);
            assertInstanceOf(PolicyPass.class, e.admit(post("/a", 10)), "the debt is paid off after half a second");
            assertEquals(800 + 100 + 600 + 10, e.stats("bw").bytes(), "the refused call counts nothing");
        }
    }

    @Test
    void aByteDebtIsWaitedOffWithinMaxWait() {
        try (Engines e = new Engines(policy("bw").bytes(1000, Duration.ofSeconds(1)).maxWait(Duration.ofSeconds(2)).build())) {
            e.admit(post("/a", 2000));
            Waiting w = assertInstanceOf(Waiting.class, e.admit(post("/a", 1)));
            assertEquals(TimeUnit.SECONDS.toNanos(1), w.atNanos - e.clock.nanoTime());
        }
    }

    @Test
    void inFlightCallsQueueInArrivalOrderAndGoAsPlacesFree() {
        try (Engines e = new Engines(policy("cap").inFlight(1).maxWait(Duration.ofSeconds(5)).build())) {
            PolicyPass running = assertInstanceOf(PolicyPass.class, e.admit(get("/a")));
            Waiting second = assertInstanceOf(Waiting.class, e.admit(get("/a")));
            Waiting third = assertInstanceOf(Waiting.class, e.admit(get("/a")));
            e.fedex.release(running);
            assertTrue(second.settled.isDone() && second.refusal == null, "the first in the queue goes");
            assertFalse(third.settled.isDone());
            e.fedex.onResponse(second.pass, null, null, 200, null, null);
            assertTrue(third.settled.isDone() && third.refusal == null);
            assertEquals(1, e.stats("cap").inFlight());
        }
    }

    @Test
    void aQueuedCallIsRefusedWhenItsMaxWaitIsOverAndAWaitingCallerSeesIt() throws Exception {
        try (Engines e = new Engines(policy("cap").inFlight(1).maxWait(Duration.ofSeconds(2)).build())) {
            e.admit(get("/a"));
            Waiting w = assertInstanceOf(Waiting.class, e.admit(get("/a")));
            var later = e.fedex.later(w).toCompletableFuture();
            Eventually.until("the wait thread waits on the clock", Duration.ofSeconds(30), () -> e.clock.waiting() == 1,
                    () -> e.clock.waiting() + " waiting");
            e.clock.advance(Duration.ofSeconds(2));
            PolicyRefusal r = assertInstanceOf(PolicyRefusal.class, later.get(30, TimeUnit.SECONDS));
            assertTrue(r.reason().startsWith("in-flight=1 reached"), r.reason());
            assertEquals(1, e.stats("cap").refused());
        }
    }

    @Test
    void anInFlightLimitHoldsUnderRealThreads() throws Exception {
        try (Engines e = new Engines(TimeSource.system(), policy("cap").inFlight(3).maxWait(Duration.ofSeconds(60)).build())) {
            AtomicInteger running = new AtomicInteger();
            AtomicInteger most = new AtomicInteger();
            AtomicInteger refused = new AtomicInteger();
            List<Thread> threads = new ArrayList<>();
            for (int t = 0; t < 16; t++) {
                Thread thread = new Thread(() -> {
                    for (int i = 0; i < 50; i++) {
                        Verdict v = e.admit(get("/a"));
                        if (v instanceof Waiting w) {
                            v = e.fedex.await(w);
                        }
                        if (!(v instanceof PolicyPass pass)) {
                            refused.incrementAndGet();
                            continue;
                        }
                        most.accumulateAndGet(running.incrementAndGet(), Math::max);
                        Thread.yield();
                        running.decrementAndGet();
                        e.fedex.release(pass);
                    }
                });
                thread.start();
                threads.add(thread);
            }
            for (Thread thread : threads) {
                thread.join(TimeUnit.SECONDS.toMillis(60));
                assertFalse(thread.isAlive(), "a caller still waits after 60 s");
            }
            assertTrue(most.get() <= 3, "at most 3 at once, saw " + most.get());
            assertEquals(0, refused.get());
            assertEquals(800, e.stats("cap").admitted());
            assertEquals(0, e.stats("cap").inFlight());
        }
    }

    @Test
    void shadowModeRefusesNothingCountsWhatItWouldAndLogsOnceInTenSeconds() {
        try (Engines e = new Engines(policy("try").requests(1, Duration.ofSeconds(1)).maxWait(Duration.ZERO).shadow().build())) {
            for (int i = 0; i < 3; i++) {
                assertInstanceOf(PolicyPass.class, e.admit(get("/a")));
            }
            assertEquals(new PolicyStats(3, 3, 0, 0, 2, 0, 3, 0), e.stats("try"));
            assertEquals(1, e.log.messages(Level.WARN).size());
            e.clock.advance(Duration.ofSeconds(10));
            e.admit(get("/a"));
            e.admit(get("/a"));
            List<String> warnings = e.log.messages(Level.WARN);
            assertEquals(2, warnings.size());
            assertTrue(warnings.get(1).contains("would have refused 2 calls"), warnings.get(1));
        }
    }

    @Test
    void aBlockRefusesWith403UntilItExpiresOrIsLifted() {
        try (Engines e = new Engines()) {
            String id = e.engine.blocks().block(new dev.tokenguard.core.policy.BlockSpec("fedex", "post", "/ship/**", null,
                    Duration.ofMinutes(1), "carrier incident"));
            PolicyRefusal r = assertInstanceOf(PolicyRefusal.class, e.admit(post("/ship/v1/shipments", 1)));
            assertEquals(403, r.status());
            assertEquals("block " + id + ": carrier incident", r.field());
            assertNull(e.admit(get("/ship/v1/shipments")), "another method");
            assertEquals(1, e.engine.blocks().blocks().get(0).refused());

            e.clock.advance(Duration.ofMinutes(1));
            assertNull(e.admit(post("/ship/v1/shipments", 1)));
            assertTrue(e.engine.blocks().blocks().isEmpty());
            assertFalse(e.engine.blocks().unblock(id), "expired");

            String other = e.engine.blocks().block(new BlockSpec("*", null, null, "X-Tenant=a", null, "tenant a"));
            assertInstanceOf(PolicyRefusal.class, e.admit(new dev.tokenguard.core.http.OutboundRequest("GET",
                    java.net.URI.create("https://apis.fedex.com/x"), headers("X-Tenant", "a"), null)));
            assertTrue(e.engine.blocks().unblock(other));
            assertFalse(e.engine.blocks().unblock("b99"));
            assertNotEquals(id, other);
            assertThrows(IllegalArgumentException.class, () -> e.engine.blocks().block(new BlockSpec("dhl", null, null, null, null, "x")));
            assertThrows(IllegalArgumentException.class, () -> e.engine.blocks().block(new BlockSpec("fedex", null, "ship", null, null, "x")));
        }
    }

    private static void assertNotEquals(String a, String b) {
        org.junit.jupiter.api.Assertions.assertNotEquals(a, b);
    }

    @Test
    void aBlockingPolicyRefusesWith403() {
        try (Engines e = new Engines(policy("no-ship").paths("/ship/**").block().build())) {
            assertEquals(403, assertInstanceOf(PolicyRefusal.class, e.admit(get("/ship/x"))).status());
            assertNull(e.admit(get("/track/x")));
        }
    }

    @Test
    void aCarrier429PausesThePolicyCountersUntilRetryAfterSeconds() {
        try (Engines e = new Engines(policy("api").per(dev.tokenguard.core.config.PolicyConfig.Per.CREDENTIAL)
                .requests(100, Duration.ofSeconds(1)).build())) {
            PolicyPass a = assertInstanceOf(PolicyPass.class, e.admit(get("/a"), "id"));
            PolicyPass inFlight = assertInstanceOf(PolicyPass.class, e.admit(get("/a"), "id"));
            e.fedex.onResponse(a, "id", "fp-id", 429, headers("Retry-After", "3"), null);
            PolicyRefusal r = assertInstanceOf(PolicyRefusal.class, e.admit(get("/a"), "id"));
            assertEquals(PolicyRefusal.Kind.PAUSE, r.kind());
            assertEquals(TimeUnit.SECONDS.toNanos(3), r.retryAfterNanos());
            assertInstanceOf(PolicyPass.class, e.admit(get("/a"), "other"), "another credential's counter");
            e.fedex.onResponse(inFlight, "id", "fp-id", 429, headers("Retry-After", "3"), null);
            assertEquals(1, e.log.messages(Level.WARN).size(), "one WARN per pause");
            assertTrue(e.stats("api").pausedUntilEpochMillis() > 0);

            e.clock.advance(Duration.ofSeconds(3));
            assertInstanceOf(PolicyPass.class, e.admit(get("/a"), "id"));
            assertEquals(0, e.stats("api").pausedUntilEpochMillis());
        }
    }

    @Test
    void aCarrier429WithoutPoliciesPausesItsCredentialUntilAnHttpDateOrTheDefault() {
        try (Engines e = new Engines()) {
            String inTenSeconds = java.time.format.DateTimeFormatter.RFC_1123_DATE_TIME.format(
                    java.time.Instant.ofEpochMilli(e.clock.currentTimeMillis() + 10_000).atZone(java.time.ZoneOffset.UTC));
            e.fedex.onResponse(null, "id", "fp-id", 429, headers("Retry-After", inTenSeconds), null);
            PolicyRefusal r = assertInstanceOf(PolicyRefusal.class, e.admit(get("/a"), "id"));
            assertEquals(TimeUnit.SECONDS.toNanos(10), r.retryAfterNanos());
            assertTrue(r.reason().contains("credential fp-id"), r.reason());
            assertNull(e.admit(get("/a"), "other"));
            e.clock.advance(Duration.ofSeconds(10));
            assertNull(e.admit(get("/a"), "id"));

            e.fedex.onResponse(null, null, null, 429, headers(), null);
            assertEquals(TimeUnit.SECONDS.toNanos(60),
                    assertInstanceOf(PolicyRefusal.class, e.admit(get("/a"))).retryAfterNanos(), "retry-after-default");
        }
    }

    @Test
    void aCarrier429WhoseBodyNamesTheDailyResetPausesUntilThen() {
        try (Engines e = new Engines(policy("api").per(dev.tokenguard.core.config.PolicyConfig.Per.CREDENTIAL)
                .requests(100, Duration.ofSeconds(1)).build())) {
            PolicyPass a = assertInstanceOf(PolicyPass.class, e.admit(get("/a"), "id"));
            long untilMidnight = java.time.Instant.ofEpochMilli(e.clock.currentTimeMillis()).atZone(java.time.ZoneOffset.UTC)
                    .toLocalDate().plusDays(1).atStartOfDay(java.time.ZoneOffset.UTC).toInstant().toEpochMilli()
                    - e.clock.currentTimeMillis();

            e.fedex.onResponse(a, "id", "fp-id", 429, headers(),
                    "{\"errors\":[{\"code\":\"TOO.MANY.REQUESTS.ERROR\",\"message\":\"Daily transaction quota exceeded."
                            + " Retry after 12:00AM GMT\"}]}");

            PolicyRefusal r = assertInstanceOf(PolicyRefusal.class, e.admit(get("/a"), "id"));
            assertEquals(TimeUnit.MILLISECONDS.toNanos(untilMidnight), r.retryAfterNanos(), "not retry-after-default");
            assertTrue(e.log.messages(Level.WARN).get(0).contains("its body says \"Retry after 12:00AM GMT\""),
                    e.log.messages(Level.WARN).toString());
        }
    }

    @Test
    void reloadCarriesCountersOfUnchangedLimitsAndInFlightCountsByName() {
        try (Engines e = new Engines(policy("api").requests(2, Duration.ofSeconds(10)).maxWait(Duration.ZERO).build(),
                policy("cap").inFlight(5).build())) {
            e.admit(get("/a"));
            e.admit(get("/a"));
            List<String> changes = e.engine.reload(List.of(
                    policy("api").requests(2, Duration.ofSeconds(10)).maxWait(Duration.ZERO).methods("GET").build(),
                    policy("cap").inFlight(1).build(),
                    policy("new").requests(1, Duration.ofSeconds(1)).build()));
            assertEquals(3, changes.size(), changes.toString());
            assertTrue(changes.get(0).contains("counters carried over"), changes.get(0));
            assertTrue(changes.get(2).startsWith("policy new added"), changes.get(2));
            assertEquals(2, e.stats("api").admitted(), "figures carried over");
            PolicyRefusal r = assertInstanceOf(PolicyRefusal.class, e.admit(get("/a")), "the window carried over");
            assertEquals("policy api", r.source());
            assertEquals(2, e.stats("cap").inFlight(), "calls in flight carried over");
            assertEquals(List.of("policy new removed"), e.engine.reload(List.of(
                    policy("api").requests(2, Duration.ofSeconds(10)).maxWait(Duration.ZERO).methods("GET").build(),
                    policy("cap").inFlight(1).build())));
            assertThrows(IllegalArgumentException.class, () -> e.engine.reload(List.of(policy("x").carrier("dhl").build())));
            assertEquals(2, e.engine.policies().size(), "a rejected reload changes nothing");
        }
    }
}
