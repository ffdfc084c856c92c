package dev.tokenguard.core.broker;

import static dev.tokenguard.core.testing.Requests.accessToken;
import dev.tokenguard.core.http.RequestGuard;
import static dev.tokenguard.core.testing.Requests.fedexApi;
import static dev.tokenguard.core.testing.Requests.fedexToken;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import dev.tokenguard.core.events.CarrierStats;
import dev.tokenguard.core.http.AfterResponse;
import dev.tokenguard.core.http.Decision;
import dev.tokenguard.core.http.HttpHeaders;
import dev.tokenguard.core.testing.Harness;
import dev.tokenguard.core.testing.TestCarriers;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/**
 * A thousand threads needing a token at the same instant, through expiry after expiry, make one
 * real call per expiry; 401 storms on an old generation make none.
 *
 * <p>The carrier holds each real call until every other thread has joined it: with the token
 * expired and the leader's flight open, joining is the only way on, so the counts are exact.
 */
class StormTest {
    private static final int THREADS = 1000;
    private static final int EXPIRIES = 5;

    /**
     * Runs {@code action} on {@link #THREADS} threads released together, once per round; the first
     * failure of any thread fails the test after the round.
     */
    private static void storm(int rounds, Runnable beforeRound, Function<Integer, Runnable> action) throws Exception {
        CyclicBarrier start = new CyclicBarrier(THREADS + 1);
        CyclicBarrier end = new CyclicBarrier(THREADS + 1);
        AtomicReference<Throwable> failure = new AtomicReference<>();
        for (int i = 0; i < THREADS; i++) {
            Runnable task = action.apply(i);
            Thread thread = new Thread(() -> {
                for (int r = 0; r < rounds; r++) {
                    try {
                        start.await(60, TimeUnit.SECONDS);
                        task.run();
                    } catch (Throwable t) {
                        failure.compareAndSet(null, t);
                    }
                    try {
                        end.await(60, TimeUnit.SECONDS);
                    } catch (Exception e) {
                        failure.compareAndSet(null, e);
                        return;
                    }
                }
            });
            thread.setDaemon(true);
            thread.start();
        }
        for (int r = 0; r < rounds; r++) {
            beforeRound.run();
            start.await(60, TimeUnit.SECONDS);
            end.await(60, TimeUnit.SECONDS);
            if (failure.get() != null) {
                throw new AssertionError("a caller failed in round " + (r + 1), failure.get());
            }
        }
    }

    @Test
    void aThousandCallersMakeOneRealCallPerExpiry() throws Exception {
        try (Harness h = new Harness(3600, TestCarriers.fedex().tokenWait(Duration.ofSeconds(30)).build())) {
            h.decide(fedexToken("id", "secret")); // learned: API requests without a token get this credential's
            CarrierStats stats = h.control("fedex").stats();
            h.carrier.beforeEachCall(() -> awaitJoined(stats, (long) (h.carrier.calls() - 1) * (THREADS - 1)));
            Set<String> served = ConcurrentHashMap.newKeySet();

            storm(EXPIRIES, () -> h.clock.advance(Duration.ofHours(1)), i -> () -> {
                if (i % 2 == 0) {
                    served.add(accessToken(h.decide(fedexToken("id", "secret"))));
                } else {
                    assertInstanceOf(Decision.Proceed.class, h.decide(fedexApi(null)));
                }
            });

            assertEquals(1 + EXPIRIES, h.carrier.calls());
            assertEquals(EXPIRIES, served.size(), "one token per expiry, the same for everyone");
            assertEquals(EXPIRIES * (THREADS - 1), stats.coalescedWaiters());
        }
    }

    /** Holds the leader's call until {@code expected} callers in all have joined a flight. */
    private static void awaitJoined(CarrierStats stats, long expected) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (stats.coalescedWaiters() < expected) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError(stats.coalescedWaiters() + " of " + expected + " joined");
            }
            Thread.yield();
        }
    }

    @Test
    void a401StormOnAnOldGenerationMakesNoCallAndEveryCallerGetsTheCurrentToken() throws Exception {
        try (Harness h = new Harness(3600, TestCarriers.fedex().credentials("id", "secret").build())) {
            Decision.Proceed old = assertInstanceOf(Decision.Proceed.class, h.decide(fedexApi(null)));
            h.clock.setElapsed(Duration.ofHours(2));
            h.decide(fedexApi(null));
            String current = "Bearer " + h.carrier.token(2);
            Set<String> replays = ConcurrentHashMap.newKeySet();

            storm(3, () -> { }, i -> () -> {
                AfterResponse after = h.guard.onResponse(old.exchange(), 401, HttpHeaders.EMPTY, RequestGuard.Replays.AFTER_RENEWAL);
                replays.add(assertInstanceOf(AfterResponse.Replay.class, after).setHeaders().first("Authorization"));
            });

            assertEquals(2, h.carrier.calls(), "none for the storm");
            assertEquals(Set.of(current), replays);
            assertEquals(0, h.control("fedex").stats().invalidations());
            assertEquals(3 * THREADS, h.control("fedex").stats().unauthorized());
        }
    }

    @Test
    void a401StormOnTheCurrentGenerationMakesExactlyOneCall() throws Exception {
        try (Harness h = new Harness(3600, TestCarriers.fedex().credentials("id", "secret")
                .tokenWait(Duration.ofSeconds(30)).build())) {
            Decision.Proceed first = assertInstanceOf(Decision.Proceed.class, h.decide(fedexApi(null)));
            h.clock.advance(Duration.ofMinutes(1));
            Set<String> replays = ConcurrentHashMap.newKeySet();

            storm(1, () -> { }, i -> () -> {
                AfterResponse after = h.guard.onResponse(first.exchange(), 401, HttpHeaders.EMPTY, RequestGuard.Replays.AFTER_RENEWAL);
                replays.add(assertInstanceOf(AfterResponse.Replay.class, after).setHeaders().first("Authorization"));
            });

            assertEquals(2, h.carrier.calls());
            assertEquals(Set.of("Bearer " + h.carrier.token(2)), replays);
            assertEquals(1, h.control("fedex").stats().invalidations());
        }
    }
}
