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
    private long[] times;
    private int next;
    private int count;
    private long last;
    /** The times of the last responses, oldest at {@code responseNext} once full. */
    private long[] responses;
    private int responseNext;
    private int responseCount;

    RequestWindow(RateBand band) {
        this.band = band;
        this.periodNanos = band.period().toNanos();
        this.capacity = (int) Math.min(band.calls(), Integer.MAX_VALUE - 8);
        this.times = new long[Math.min(capacity, INITIAL)];
        this.responses = new long[Math.min(capacity, INITIAL)];
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
        if (k >= 1 && responseCount >= k) {
            int index = responseNext - k;
            long free = responses[index < 0 ? index + responses.length : index] + periodNanos;
            if (free - at > 0) {
                at = free;
            }
        }
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
            // Full but short of N: the entries are in order from 0 and next came round to 0; the new
            // one goes right after them.
            times = Arrays.copyOf(times, (int) Math.min(capacity, 2L * times.length));
            next = count;
        }
        times[next] = at;
        next = next + 1 == times.length ? 0 : next + 1;
        if (count < capacity) {
            count++;
        }
        last = at;
    }

    /** A call of this counter got its response (or failed) at {@code now}, which never goes back. */
    void responded(long now) {
        if (responseCount == responses.length && responseCount < capacity) {
            responses = Arrays.copyOf(responses, (int) Math.min(capacity, 2L * responses.length));
            responseNext = responseCount;
        }
        responses[responseNext] = now;
        responseNext = responseNext + 1 == responses.length ? 0 : responseNext + 1;
        if (responseCount < capacity) {
            responseCount++;
        }
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
