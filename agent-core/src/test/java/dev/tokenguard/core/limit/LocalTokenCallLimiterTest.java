package dev.tokenguard.core.limit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tokenguard.core.config.RateBand;
import dev.tokenguard.core.testing.ManualClock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class LocalTokenCallLimiterTest {
    private final ManualClock clock = new ManualClock();

    private LocalTokenCallLimiter limiter(RateBand... bands) {
        return new LocalTokenCallLimiter(List.of(bands), clock);
    }

    private static RateBand band(long calls, Duration period) {
        return new RateBand(calls, period);
    }

    @Test
    void aBandAdmitsItsBurstThenOneCallPerRefill() {
        LocalTokenCallLimiter limiter = limiter(band(2, Duration.ofSeconds(1)));
        assertTrue(limiter.acquire(0).granted());
        assertTrue(limiter.acquire(0).granted());
        TokenCallLimiter.Permit third = limiter.acquire(0);
        assertFalse(third.granted());
        assertEquals(Duration.ofMillis(500).toNanos(), third.retryAfterNanos());

        clock.advanceMillis(499);
        assertFalse(limiter.acquire(0).granted());
        clock.advanceMillis(1);
        assertTrue(limiter.acquire(0).granted());
    }

    @Test
    void aCallThatLeftLateIsChargedItsLagSoTheNextPermitComesABandsSpacingAfterItLeft() {
        LocalTokenCallLimiter limiter = limiter(band(1, Duration.ofSeconds(1)), band(30, Duration.ofMinutes(2)));
        assertTrue(limiter.acquire(0).granted());
        clock.advanceMillis(700);
        limiter.departedLate(Duration.ofMillis(700).toNanos());

        TokenCallLimiter.Permit next = limiter.acquire(0);
        assertFalse(next.granted());
        assertEquals(Duration.ofSeconds(1).toNanos(), next.retryAfterNanos(), "1 s after it left, not after the grant");
    }

    @Test
    void aLagIsChargedAtMostOneCall() {
        assertEquals(700, RateBands.lateDepartureUnits(List.of(band(1, Duration.ofSeconds(1))), Duration.ofMillis(700).toNanos()));
        assertEquals(1000, RateBands.lateDepartureUnits(List.of(band(1, Duration.ofSeconds(1))), Duration.ofSeconds(9).toNanos()));
        assertEquals(1, RateBands.lateDepartureUnits(List.of(band(30, Duration.ofMinutes(2))), 1), "rounded up");
        assertEquals(0, RateBands.lateDepartureUnits(List.of(band(1, Duration.ofSeconds(1))), 0));
    }

    @Test
    void aCallerWaitsForAPermitUpToItsMaximumWait() {
        LocalTokenCallLimiter limiter = limiter(band(1, Duration.ofSeconds(1)));
        limiter.acquire(0);
        Duration before = clock.elapsed();
        assertTrue(limiter.acquire(Duration.ofSeconds(2).toNanos()).granted());
        assertEquals(Duration.ofSeconds(1), clock.elapsed().minus(before), "parked through the fake clock for 1 s");
    }

    @Test
    void aCallerWhosePermitIsFurtherAwayThanItsWaitIsRefusedAtOnceAndReservesNothing() {
        LocalTokenCallLimiter limiter = limiter(band(1, Duration.ofSeconds(10)));
        limiter.acquire(0);
        TokenCallLimiter.Permit refused = limiter.acquire(Duration.ofSeconds(2).toNanos());
        assertFalse(refused.granted());
        assertEquals(Duration.ofSeconds(10).toNanos(), refused.retryAfterNanos());
        assertEquals(Duration.ZERO, clock.elapsed(), "no waiting");

        clock.advance(Duration.ofSeconds(10));
        assertTrue(limiter.acquire(0).granted(), "the refusal took nothing");
    }

    @Test
    void everyBandHolds() {
        LocalTokenCallLimiter limiter = limiter(band(2, Duration.ofSeconds(1)), band(3, Duration.ofMinutes(1)));
        int granted = 0;
        for (int i = 0; i < 100; i++) {
            granted += limiter.acquire(0).granted() ? 1 : 0;
            clock.advanceMillis(100);
        }
        assertEquals(3, granted, "10 s of asking every 100 ms: the minute band allows 3 plus 1 per 20 s");
    }

    /**
     * The bound RateBands promises: in any window W a band n/P admits at most n + n*W/P. Checked
     * for FedEx's preset against FedEx's thresholds: never 15 calls in 5 s, never 120 in 2 minutes.
     */
    @Test
    void theFedexPresetStaysUnderBothFedexThresholdsUnderAnyStorm() {
        LocalTokenCallLimiter limiter = limiter(band(1, Duration.ofSeconds(1)), band(30, Duration.ofMinutes(2)));
        Random random = new Random(42);
        List<Long> grants = new ArrayList<>();
        long tenMinutes = Duration.ofMinutes(10).toNanos();
        while (clock.elapsed().toNanos() < tenMinutes) {
            if (limiter.acquire(random.nextInt(3) == 0 ? Duration.ofSeconds(2).toNanos() : 0).granted()) {
                grants.add(clock.elapsed().toNanos());
            }
            clock.advanceNanos(random.nextInt(50_000_000));
        }
        assertTrue(maxInWindow(grants, Duration.ofSeconds(5)) <= 6);
        assertTrue(maxInWindow(grants, Duration.ofSeconds(1)) <= 2);
        assertTrue(maxInWindow(grants, Duration.ofMinutes(2)) <= 60);
        assertTrue(maxInWindow(grants, Duration.ofMinutes(2)) >= 30, "the limiter does not starve either");
    }

    private static int maxInWindow(List<Long> times, Duration window) {
        int max = 0;
        for (int i = 0, j = 0; i < times.size(); i++) {
            while (times.get(i) - times.get(j) >= window.toNanos()) {
                j++;
            }
            max = Math.max(max, i - j + 1);
        }
        return max;
    }

    @Test
    void anInterruptedWaitIsARefusalThatKeepsTheInterrupt() {
        LocalTokenCallLimiter limiter = new LocalTokenCallLimiter(List.of(band(1, Duration.ofSeconds(1))),
                new dev.tokenguard.core.time.TimeSource() {
                    @Override
                    public long nanoTime() {
                        return clock.nanoTime();
                    }

                    @Override
                    public long currentTimeMillis() {
                        return clock.currentTimeMillis();
                    }

                    @Override
                    public void sleep(long nanos) throws InterruptedException {
                        throw new InterruptedException();
                    }

                    @Override
                    public <T> T await(java.util.concurrent.CompletableFuture<T> f, long timeoutNanos) {
                        throw new UnsupportedOperationException();
                    }
                });
        limiter.acquire(0);
        assertFalse(limiter.acquire(Duration.ofSeconds(2).toNanos()).granted());
        assertTrue(Thread.interrupted());
    }

    @Test
    void aReloadedBandCountsThePermitsAlreadyTaken() {
        LocalTokenCallLimiter limiter = limiter(band(2, Duration.ofSeconds(10)));
        assertTrue(limiter.acquire(0).granted());
        assertTrue(limiter.acquire(0).granted());

        limiter.reconfigure(List.of(band(3, Duration.ofSeconds(10)), band(30, Duration.ofMinutes(2))));

        assertFalse(limiter.acquire(0).granted(), "the two calls just made still count: no fresh burst");
        clock.advanceMillis(3334);
        assertTrue(limiter.acquire(0).granted(), "then the new band's refill");
        assertFalse(limiter.acquire(0).granted(), "and the next waits for its refill again");
    }

    @Test
    void aStricterReloadedBandCapsWhatIsLeft() {
        LocalTokenCallLimiter limiter = limiter(band(5, Duration.ofSeconds(10)));

        limiter.reconfigure(List.of(band(1, Duration.ofSeconds(10))));

        assertTrue(limiter.acquire(0).granted());
        TokenCallLimiter.Permit next = limiter.acquire(0);
        assertFalse(next.granted(), "five were left, the new capacity is one");
        assertEquals(Duration.ofSeconds(10).toNanos(), next.retryAfterNanos());
    }
}
