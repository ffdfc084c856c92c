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
 * <p>A carrier counts a call when it arrives, somewhere between its admission here and its response,
 * and counts in fixed windows of its own clock: a burst admitted at the end of one of our intervals
 * and the next one admitted exactly {@code W} later may meet in one of its windows when some calls of
 * the first burst arrive late (a busy machine, a slow connect). So a call also holds its place until
 * {@code W} after its response: a second ring keeps the times of the last {@code N} responses, and
 * with {@code k} calls in flight (admitted, no response yet) a call goes at the earliest {@code W}
 * after the {@code (N - k)}-th most recent response. Then no interval of length {@code W} can see more
 * than {@code N} arrivals, whatever their latency: a call whose response came before the interval
 * cannot arrive in it, and at most {@code N - 1} others either came after or are still under way.
 * Where {@code N} or more calls are in flight at once (or their responses were never reported), the
 * admission ring alone decides, as above.
 *
 * <p>The rings start small and double up to {@code N} as calls come, so that the many counters of a
 * {@code per} that see few calls (one per header value, say) stay small.
 *
 * <p>Not thread-safe: guarded by the engine's lock. Times are {@code TimeSource} nanos, compared by
 * the sign of their difference.
 */
final class RequestWindow {
    private static final int INITIAL = 16;

    private final RateBand band;
    private final long periodNanos;
    private final int capacity;
    private final Ring admissions;
    /** The times of the last responses. */
    private final Ring responses;
    private long last;

    RequestWindow(RateBand band) {
        this.band = band;
        this.periodNanos = band.period().toNanos();
        this.capacity = (int) Math.min(band.calls(), Integer.MAX_VALUE - 8);
        this.admissions = new Ring(capacity);
        this.responses = new Ring(capacity);
    }

    RateBand band() {
        return band;
    }

    /**
     * The earliest a call may be admitted, at {@code now} or later.
     *
     * @param inFlight the counter's calls admitted (or reserved) whose response has not come yet
     */
    long earliest(long now, int inFlight) {
        long at = now;
        int k = capacity - inFlight;
        if (k >= 1 && responses.count >= k) {
            long free = responses.mostRecent(k) + periodNanos;
            if (free - at > 0) {
                at = free;
            }
        }
        if (admissions.count > 0 && last - at > 0) {
            at = last;
        }
        if (admissions.count == capacity) {
            long free = admissions.mostRecent(capacity) + periodNanos;
            if (free - at > 0) {
                at = free;
            }
        }
        return at;
    }

    /** Counts an admission at {@code at} (never before the last one counted). */
    void record(long at) {
        if (admissions.count > 0 && last - at > 0) {
            at = last;
        }
        admissions.add(at);
        last = at;
    }

    /** A call of this counter got its response (or failed) at {@code now}, which never goes back. */
    void responded(long now) {
        responses.add(now);
    }

    /** Admissions within the window ending at {@code now}, for the {@code RateLimit} field's remaining. */
    int remaining(long now) {
        int inWindow = 0;
        for (int i = 0; i < admissions.count; i++) {
            if (now - admissions.times[i] < periodNanos) {
                inWindow++;
            }
        }
        return Math.max(0, capacity - inWindow);
    }

    /** The last {@code capacity} times added, in the order added; it starts small and doubles up to capacity. */
    private static final class Ring {
        private final int capacity;
        long[] times;
        int count;
        private int next;

        Ring(int capacity) {
            this.capacity = capacity;
            this.times = new long[Math.min(capacity, INITIAL)];
        }

        void add(long time) {
            if (count == times.length && count < capacity) {
                // Full but short of capacity: the entries are in order from 0 and next came round to
                // 0; the new one goes right after them.
                times = Arrays.copyOf(times, (int) Math.min(capacity, 2L * times.length));
                next = count;
            }
            times[next] = time;
            next = next + 1 == times.length ? 0 : next + 1;
            if (count < capacity) {
                count++;
            }
        }

        /** The {@code k}-th most recent time, {@code 1 <= k <= count}. */
        long mostRecent(int k) {
            int index = next - k;
            return times[index < 0 ? index + times.length : index];
        }
    }
}
