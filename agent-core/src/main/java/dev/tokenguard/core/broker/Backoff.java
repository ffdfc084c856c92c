package dev.tokenguard.core.broker;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * When the next real token call of one credential may start: at least {@code min-interval} after
 * the last one, and after {@code n} failures in a row {@code min(cap, base * 2^n)} after it, where
 * base is the min-interval (1 s when that is zero) and cap is a minute or the min-interval if longer.
 *
 * <p>A failure is a call that brought no usable token, or one expiring no later than the current.
 * A 401 for the token a call brought is not: the renewal succeeded, and refusing callers because
 * someone else revoked its token would fail calls an application without the agent serves (it
 * would renew at once). Such renewals are spaced by the floor and the token-call limiter instead,
 * which keep the carrier's thresholds whoever revokes what; {@link Revocations} names the culprit.
 *
 * <p>{@code lastCallNanos} and the failure count are written only by the one renewal in flight for
 * the credential; the count is atomic as refreshes ahead of expiry read it from callers' threads.
 */
final class Backoff {
    private static final long CAP_NANOS = TimeUnit.MINUTES.toNanos(1);

    /** Asked at every decision, since a reload may change it; base and cap follow from it. */
    private final Supplier<Duration> minInterval;
    private final AtomicInteger failures = new AtomicInteger();
    private volatile boolean called;
    private volatile long lastCallNanos;

    Backoff(Supplier<Duration> minInterval) {
        this.minInterval = minInterval;
    }

    void onCall(long sentNanos) {
        lastCallNanos = sentNanos;
        called = true;
    }

    void onFailure() {
        failures.incrementAndGet();
    }

    void onSuccess() {
        failures.set(0);
    }

    int failures() {
        return failures.get();
    }

    /** The gap the next call keeps from the last. */
    long delayNanos() {
        long minIntervalNanos = minInterval.get().toNanos();
        int n = failures.get();
        if (n == 0) {
            return minIntervalNanos;
        }
        long baseNanos = minIntervalNanos > 0 ? minIntervalNanos : TimeUnit.SECONDS.toNanos(1);
        long capNanos = Math.max(CAP_NANOS, minIntervalNanos);
        long delay = baseNanos;
        for (int i = 0; i < n && delay < capNanos; i++) {
            delay *= 2;
        }
        return Math.min(delay, capNanos);
    }

    /** How long from {@code now} until a call may start; zero when it may start now. */
    long nanosUntilAllowed(long now) {
        if (!called) {
            return 0;
        }
        return Math.max(0, lastCallNanos + delayNanos() - now);
    }
}
