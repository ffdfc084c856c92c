package dev.tokenguard.core.policy;

import static dev.tokenguard.core.policy.Engines.get;
import static dev.tokenguard.core.policy.Engines.headers;
import static dev.tokenguard.core.testing.TestPolicies.policy;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tokenguard.core.config.PolicyConfig;
import dev.tokenguard.core.testing.CapturingLogger;
import dev.tokenguard.core.testing.ManualClock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.slf4j.event.Level;

/** Cluster-scoped policies (issue 13): engines of several instances over one store, on a fake clock. */
class ClusterPoliciesTest {
    private final ManualClock clock = new ManualClock();
    private final MemoryCounters.Hub hub = new MemoryCounters.Hub(clock);
    private final List<Instance> instances = new ArrayList<>();

    /** One instance: its engine, its connection to the store and its log. */
    private final class Instance {
        final MemoryCounters store = hub.member();
        final CapturingLogger log = new CapturingLogger(Level.DEBUG);
        final PolicyEngine engine;
        final CarrierPolicies fedex;

        Instance(PolicyConfig... policies) {
            engine = new PolicyEngine(List.of(policies), Map.of("fedex", Duration.ofSeconds(60)), store, 3, clock, log);
            fedex = engine.carrier("fedex");
            instances.add(this);
        }

        /** Admits a call, waiting where it must; the pass, or the refusal. */
        Verdict call(String clientId) {
            Verdict v = fedex.admit(get("/rate/v1/rates/quotes"), clientId, clientId == null ? null : "fp-" + clientId);
            return v instanceof Waiting w ? fedex.await(w) : v;
        }

        Verdict call() {
            return call(null);
        }

        /** As a caller that must not wait does: the store is asked on the engine's store thread. */
        Verdict callLater() throws Exception {
            Verdict v = fedex.admit(get("/rate/v1/rates/quotes"), null, null);
            return v instanceof Waiting w ? fedex.later(w).toCompletableFuture().get(30, TimeUnit.SECONDS) : v;
        }

        void answer(Verdict pass, int status, String... headers) {
            fedex.onResponse((PolicyPass) pass, null, null, status, headers(headers), null);
        }
    }

    @AfterEach
    void close() {
        instances.forEach(i -> i.engine.close());
    }

    private static PolicyConfig quota(long calls, Duration period, PolicyConfig.Sync sync, Duration maxWait) {
        return policy("quota").requests(calls, period).sync(sync).maxWait(maxWait).build();
    }

    @Test
    void exactCountsEveryInstancesCallsInTheStoreAndRefusesBeyondTheQuota() {
        Instance a = new Instance(quota(3, Duration.ofSeconds(10), PolicyConfig.Sync.EXACT, Duration.ZERO));
        Instance b = new Instance(quota(3, Duration.ofSeconds(10), PolicyConfig.Sync.EXACT, Duration.ZERO));
        assertInstanceOf(PolicyPass.class, a.call());
        assertInstanceOf(PolicyPass.class, a.call());
        assertInstanceOf(PolicyPass.class, b.call());
        PolicyRefusal refused = assertInstanceOf(PolicyRefusal.class, b.call());
        assertTrue(refused.reason().contains("across the cluster"), refused.reason());
        assertEquals(4, a.store.takes + b.store.takes, "one request to the store per call");
        // Each instance alone would have admitted 3: the quota is the cluster's.
        assertInstanceOf(PolicyRefusal.class, a.call());
    }

    @Test
    void aKeyKnownOverTheLimitIsRefusedWithoutAskingTheStore() {
        Instance a = new Instance(quota(1, Duration.ofSeconds(10), PolicyConfig.Sync.EXACT, Duration.ZERO));
        assertInstanceOf(PolicyPass.class, a.call());
        assertInstanceOf(PolicyRefusal.class, a.call());
        int asked = a.store.takes;
        for (int i = 0; i < 100; i++) {
            assertInstanceOf(PolicyRefusal.class, a.call());
        }
        assertEquals(asked, a.store.takes, "the over-limit key is cached until a place may come within max-wait");
    }

    @Test
    void asyncLeasesPlacesInBatchesAndSpendsThemLocally() {
        // 400 per 10 s among 3 expected instances: batches of min(32, 400 / 12) = 32.
        Instance a = new Instance(quota(400, Duration.ofSeconds(10), PolicyConfig.Sync.ASYNC, Duration.ZERO));
        for (int i = 0; i < 64; i++) {
            assertInstanceOf(PolicyPass.class, a.call());
        }
        assertEquals(2, a.store.takes, "64 calls, 2 requests to the store");
        assertEquals(64, hub.usedAll(), "every place leased is used, and in flight");
        assertInstanceOf(PolicyPass.class, a.call());
        assertEquals(3, a.store.takes);
        assertEquals(96, hub.usedAll(), "a new batch of 32");
        reported(a, () -> hub.usedAll() == 65);
        assertEquals(65, hub.usedAll(), "the 31 left unused go back after 200 ms");
    }

    @Test
    void aPlaceIsHeldUntilWAfterItsCallAnswered() {
        Instance a = new Instance(quota(1, Duration.ofSeconds(1), PolicyConfig.Sync.EXACT, Duration.ZERO));
        Verdict first = a.call();
        assertInstanceOf(PolicyPass.class, first);
        clock.advance(Duration.ofSeconds(5));
        assertInstanceOf(PolicyRefusal.class, a.call(), "in flight for 5 s: still holds the place");
        a.answer(first, 200);
        reported(a, () -> a.store.reports > 0);
        clock.advance(Duration.ofMillis(500));
        assertInstanceOf(PolicyRefusal.class, a.call(), "held until 1 s after the answer's report");
        clock.advance(Duration.ofSeconds(1));
        assertInstanceOf(PolicyPass.class, a.call());
    }

    @Test
    void aPlaceFreeWithinMaxWaitIsReservedAndTheCallWaitsForIt() {
        Instance a = new Instance(quota(1, Duration.ofSeconds(1), PolicyConfig.Sync.EXACT, Duration.ofSeconds(2)));
        Verdict first = a.call();
        a.answer(first, 200);
        reported(a, () -> a.store.reports > 0);
        long before = clock.nanoTime();
        assertInstanceOf(PolicyPass.class, a.call());
        long waited = clock.nanoTime() - before;
        assertTrue(waited > TimeUnit.MILLISECONDS.toNanos(500) && waited <= TimeUnit.SECONDS.toNanos(1), "waited " + waited);
    }

    @Test
    void withTheStoreDownEachInstanceKeepsToItsShareThenCountsInTheClusterAgainOneWindowLater() {
        Instance a = new Instance(quota(6, Duration.ofSeconds(10), PolicyConfig.Sync.EXACT, Duration.ZERO));
        a.store.fail(true);
        assertInstanceOf(PolicyPass.class, a.call());
        assertInstanceOf(PolicyPass.class, a.call());
        assertInstanceOf(PolicyRefusal.class, a.call(), "6 shared by 3 expected instances: 2 each");
        a.store.fail(false);
        assertInstanceOf(PolicyRefusal.class, a.call(),
                "for 10 s after the store answers, the shares decide too: the store does not know the outage's calls");
        clock.advance(Duration.ofSeconds(10));
        for (int i = 0; i < 6; i++) {
            Verdict v = a.call();
            assertInstanceOf(PolicyPass.class, v, "call " + i + ": the store's 6 places; " + v);
        }
        assertInstanceOf(PolicyRefusal.class, a.call());
    }

    @Test
    void aCarriers429PausesTheCounterOnEveryInstance() {
        Instance a = new Instance(quota(100, Duration.ofSeconds(10), PolicyConfig.Sync.EXACT, Duration.ZERO));
        Instance b = new Instance(quota(100, Duration.ofSeconds(10), PolicyConfig.Sync.EXACT, Duration.ZERO));
        assertInstanceOf(PolicyPass.class, b.call(), "b knows the counter");
        a.answer(a.call(), 429, "Retry-After", "5");
        PolicyRefusal r = assertInstanceOf(PolicyRefusal.class, b.call());
        assertEquals(PolicyRefusal.Kind.PAUSE, r.kind());
        clock.advance(Duration.ofSeconds(6));
        assertInstanceOf(PolicyPass.class, b.call());
    }

    @Test
    void aPauseReachesAnInstanceThatHasNotMadeTheCounterYet() {
        Instance a = new Instance(quota(100, Duration.ofSeconds(10), PolicyConfig.Sync.EXACT, Duration.ZERO));
        Instance b = new Instance(quota(100, Duration.ofSeconds(10), PolicyConfig.Sync.EXACT, Duration.ZERO));
        a.answer(a.call(), 429, "Retry-After", "5");
        assertEquals(PolicyRefusal.Kind.PAUSE, assertInstanceOf(PolicyRefusal.class, b.call()).kind());
    }

    @Test
    void aCarriers429ForACallNoPolicyCountedPausesTheCredentialOnEveryInstance() {
        Instance a = new Instance();
        Instance b = new Instance();
        a.fedex.onResponse(null, "id", "fp-id", 429, headers("Retry-After", "5"), null);
        PolicyRefusal r = assertInstanceOf(PolicyRefusal.class, b.call("id"));
        assertEquals(PolicyRefusal.Kind.PAUSE, r.kind());
        assertTrue(r.reason().contains("fp-id"), r.reason());
        assertNull(b.call("other"), "another credential's calls go on");
        clock.advance(Duration.ofSeconds(6));
        assertNull(b.call("id"));
    }

    @Test
    void aBlockMadeOnOneInstanceRefusesOnEveryOneAndIsLiftedFromAny() {
        Instance a = new Instance(quota(100, Duration.ofSeconds(10), PolicyConfig.Sync.EXACT, Duration.ZERO));
        Instance b = new Instance(quota(100, Duration.ofSeconds(10), PolicyConfig.Sync.EXACT, Duration.ZERO));
        String id = a.engine.blocks().block(new BlockSpec("fedex", null, "/rate/**", null, null, "rating is off"));
        PolicyRefusal r = assertInstanceOf(PolicyRefusal.class, b.call());
        assertEquals(PolicyRefusal.Kind.BLOCK, r.kind());
        assertEquals(id, b.engine.blocks().blocks().get(0).id());
        assertTrue(b.engine.blocks().unblock(id));
        assertTrue(a.engine.blocks().blocks().isEmpty());
        assertInstanceOf(PolicyPass.class, a.call());
    }

    @Test
    void aCallerThatMustNotWaitHasItsPlacesTakenOnTheStoreThread() throws Exception {
        Instance a = new Instance(quota(2, Duration.ofSeconds(10), PolicyConfig.Sync.EXACT, Duration.ZERO));
        Instance b = new Instance(quota(2, Duration.ofSeconds(10), PolicyConfig.Sync.EXACT, Duration.ZERO));
        assertInstanceOf(PolicyPass.class, a.callLater());
        assertInstanceOf(PolicyPass.class, b.callLater());
        assertInstanceOf(PolicyRefusal.class, a.callLater());
    }

    @Test
    void aShadowPolicyTakesNoPlacesAndTellsWhatTheSharesWouldRefuse() {
        PolicyConfig shadow = policy("quota").requests(3, Duration.ofSeconds(10)).maxWait(Duration.ZERO).shadow().build();
        Instance a = new Instance(shadow);
        for (int i = 0; i < 3; i++) {
            assertInstanceOf(PolicyPass.class, a.call());
        }
        assertEquals(0, a.store.takes);
        assertTrue(a.log.allText().contains("(shadow): would have refused"), a.log.allText());
    }

    @Test
    void aReloadToExactKeepsThePlacesAndTakesOneAtATime() {
        Instance a = new Instance(quota(400, Duration.ofSeconds(10), PolicyConfig.Sync.ASYNC, Duration.ZERO));
        assertInstanceOf(PolicyPass.class, a.call());
        assertEquals(32, hub.usedAll(), "a batch leased");
        a.engine.reload(List.of(quota(400, Duration.ofSeconds(10), PolicyConfig.Sync.EXACT, Duration.ZERO)));
        int asked = a.store.takes;
        assertInstanceOf(PolicyPass.class, a.call());
        assertInstanceOf(PolicyPass.class, a.call());
        assertEquals(asked, a.store.takes, "the leased places of the same counter are spent first");
        reported(a, () -> hub.usedAll() == 3);
        assertInstanceOf(PolicyPass.class, a.call());
        assertEquals(asked + 1, a.store.takes);
        assertEquals(4, hub.usedAll(), "exact: one place per request");
    }

    @Test
    void instanceScopeCountsHereAlone() {
        PolicyConfig local = policy("quota").requests(1, Duration.ofSeconds(10)).scope(PolicyConfig.Scope.INSTANCE)
                .maxWait(Duration.ZERO).build();
        Instance a = new Instance(local);
        Instance b = new Instance(local);
        assertInstanceOf(PolicyPass.class, a.call());
        assertInstanceOf(PolicyPass.class, b.call());
        assertEquals(0, a.store.takes + b.store.takes);
    }

    /**
     * Moves the clock on by report rounds until {@code condition} holds: the reports go to the store on
     * the instance's store thread, every 100 ms of the clock.
     */
    private void reported(Instance instance, BooleanSupplier condition) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() - deadline > 0) {
                throw new AssertionError("no report within 30 s; the instance logged: " + instance.log.allText());
            }
            clock.advance(Duration.ofMillis(20));
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(5));
        }
    }
}
