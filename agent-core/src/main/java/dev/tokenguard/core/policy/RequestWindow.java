package dev.tokenguard.core.policy;

import dev.tokenguard.core.config.RateBand;
import java.util.Arrays;

/**
 * One {@code requests=N/W} band of one counter: the times of its last {@code N} admissions, in a
 * ring. Admission times are kept non-decreasing (a call never goes before the one reserved ahead of
 * it), so the oldest entry of a full ring is the {@code N}-th most recent admission, and a call may go
 * at the earliest {@code W} after it. Then no interval of length {@code W} holds more than {@code N}
 * admissions: among admissions {@code t1 <= t2 <= ...}, each {@code t(k) >= t(k-N) + W}.
 *
 * <p>The ring starts small and doubles up to {@code N} as admissions come, so that the many counters
 * of a {@code per} that see few calls (one per header value, say) stay small.
 *
 * <p>Not thread-safe: guarded by the engine's lock. Times are {@code TimeSource} nanos, compared by
 * the sign of their difference.
 */
final class RequestWindow {
    private static final int INITIAL = 16;

    private final RateBand band;
    private final long periodNanos;
    private final int capacity;
    private long[] times;
    private int next;
    private int count;
    private long last;

    RequestWindow(RateBand band) {
        this.band = band;
        this.periodNanos = band.period().toNanos();
        this.capacity = (int) Math.min(band.calls(), Integer.MAX_VALUE - 8);
        this.times = new long[Math.min(capacity, INITIAL)];
    }

    RateBand band() {
        return band;
    }

    /** The earliest a call may be admitted, at {@code now} or later. */
    long earliest(long now) {
        long at = now;
        if (count > 0 && last - at > 0) {
            at = last;
        }
        if (count == capacity) {
            long free = times[next] + periodNanos;
            if (free - at > 0) {
                at = free;
            }
        }
        return at;
    }

    /** Counts an admission at {@code at} (never before the last one counted). */
    void record(long at) {
        if (count > 0 && last - at > 0) {
            at = last;
        }
        if (count == times.length && count < capacity) {
            // Not yet wrapped: the entries are in order from 0, and next == count.
            times = Arrays.copyOf(times, (int) Math.min(capacity, 2L * times.length));
        }
        times[next] = at;
        next = next + 1 == times.length ? 0 : next + 1;
        if (count < capacity) {
            count++;
        }
        last = at;
    }

    /** Admissions within the window ending at {@code now}, for the {@code RateLimit} field's remaining. */
    int remaining(long now) {
        int inWindow = 0;
        for (int i = 0; i < count; i++) {
            if (now - times[i] < periodNanos) {
                inWindow++;
            }
        }
        return Math.max(0, capacity - inWindow);
    }
}
