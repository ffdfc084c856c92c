package dev.tokenguard.core.broker;

import static dev.tokenguard.core.testing.Requests.accessToken;
import static dev.tokenguard.core.testing.Requests.fedexToken;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.tokenguard.core.http.Decision;
import dev.tokenguard.core.testing.Harness;
import dev.tokenguard.core.testing.TestCarriers;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;

/** Rule 2: however many callers need a renewal at once, one real call; the others wait for it. */
class SingleFlightTest {

    @Test
    void callersThatNeedARenewalInFlightWaitForItInsteadOfCalling() {
        try (Harness h = new Harness(3600, TestCarriers.fedex().build())) {
            h.carrier.hold();
            List<CompletableFuture<Decision>> callers = new ArrayList<>();
            for (int i = 0; i < 5; i++) {
                callers.add(CompletableFuture.supplyAsync(() -> h.decide(fedexToken("id", "secret")), TestThreads.POOL));
            }
            awaitTrue(() -> h.control("fedex").stats().coalescedWaiters() == 4);
            h.carrier.release();

            for (CompletableFuture<Decision> caller : callers) {
                assertEquals(h.carrier.token(1), accessToken(caller.join()));
            }
            assertEquals(1, h.carrier.calls());
            assertEquals(1, h.control("fedex").stats().realTokenCalls());
        }
    }

    @Test
    void aWaiterWaitsForTheCallInFlightPastTokenWait() {
        try (Harness h = new Harness(3600, TestCarriers.fedex().build())) {
            h.carrier.hold();
            CompletableFuture<Decision> leader = CompletableFuture.supplyAsync(() -> h.decide(fedexToken("id", "secret")), TestThreads.POOL);
            awaitTrue(() -> h.carrier.calls() == 1);
            CompletableFuture<Decision> waiter = CompletableFuture.supplyAsync(() -> h.decide(fedexToken("id", "secret")), TestThreads.POOL);
            awaitTrue(() -> h.clock.waiting() == 1);

            h.clock.advance(Duration.ofSeconds(9));
            assertEquals(1, h.clock.waiting(), "still waiting 9 s in, past token-wait, within token-timeout");
            h.carrier.release();

            assertEquals(h.carrier.token(1), accessToken(waiter.join()));
            assertEquals(h.carrier.token(1), accessToken(leader.join()));
            assertEquals(1, h.carrier.calls());
        }
    }

    @Test
    void aColdStartWhoseFirstCallTakesThreeSecondsRefusesNoneOfAHundredWaiters() {
        try (Harness h = new Harness(3600, TestCarriers.fedex().build())) {
            h.carrier.hold().beforeEachCall(() -> h.clock.advance(Duration.ofSeconds(3)));
            List<CompletableFuture<Decision>> callers = new ArrayList<>();
            for (int i = 0; i < 100; i++) {
                callers.add(CompletableFuture.supplyAsync(() -> h.decide(fedexToken("id", "secret")), TestThreads.POOL));
            }
            awaitTrue(() -> h.clock.waiting() == 99);
            h.carrier.release();

            for (CompletableFuture<Decision> caller : callers) {
                assertEquals(h.carrier.token(1), accessToken(caller.join()));
            }
            assertEquals(1, h.carrier.calls());
            assertEquals(0, h.control("fedex").stats().refused());
        }
    }

    @Test
    void aStaleTokenStartsOneBackgroundRenewalHoweverManyAsk() {
        try (Harness h = new Harness(3600, TestCarriers.fedex().build())) {
            h.decide(fedexToken("id", "secret"));
            h.clock.setElapsed(Duration.ofMinutes(56));
            for (int i = 0; i < 100; i++) {
                h.decide(fedexToken("id", "secret"));
            }
            assertEquals(1, h.executor.runAll());
            assertEquals(2, h.carrier.calls());
        }
    }

    static void awaitTrue(BooleanSupplier condition) {
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("condition not met within 10 s");
            }
            Thread.onSpinWait();
        }
    }
}
