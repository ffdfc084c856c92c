package dev.tokenguard.core.policy;

import dev.tokenguard.core.config.RateBand;
import java.util.List;
import java.util.function.Consumer;

/**
 * Where the {@code requests=N/W} bands of cluster-scoped policies are counted for every instance
 * ({@code tokenguard.store=redis://...}, issue 13), and how blocks and pauses reach every instance.
 *
 * <p>A band is kept as its <em>places</em>: at most {@code N} at a time, each held by one call from
 * its admission until {@code W} after its response (the same rule as {@link RequestWindow}'s, which
 * keeps any interval of length {@code W} to {@code N} arrivals at the carrier whatever the calls'
 * latency). A place is <em>in flight</em> from {@link #take} until {@link #responded} or
 * {@link #giveBack}, with a lease the holder renews ({@link #renew}), so that the places of an
 * instance that dies come free when the lease ends; it is then <em>held</em> until the store's time
 * of {@link #responded} plus {@code W}. Every time is the store's own clock, so that hosts' clocks
 * never meet.
 *
 * <p>One {@link #take} decides for every band of every counter a call passes, atomically: the call
 * has a place in all of them or in none.
 */
public interface SharedCounters {

    /**
     * One counter's bands as the cluster shares them.
     *
     * @param name unique in the cluster for one policy, one key of its {@code per} and one set of
     *             bands; never a secret (a digest of the key)
     */
    record Places(String name, List<RateBand> bands) {
        public Places {
            bands = List.copyOf(bands);
        }
    }

    /**
     * What {@link #take} got.
     *
     * @param count      how many of the ids now hold a place in every band (the first {@code count})
     * @param waitMillis where {@code count} is 1 and positive: the place was reserved for the time the
     *                   earliest held place comes free, and the call goes this much later; else 0
     * @param retryMillis where {@code count} is 0: how long until a place comes free, or -1 where
     *                   every place is in flight (one frees when a call answers, unknown when)
     */
    record Taken(int count, long waitMillis, long retryMillis) {}

    /**
     * Takes up to {@code ids.size()} places free now in every band of every counter, all or none,
     * each named by the id at its position; where none is free in some band, reserves one (the first
     * id) for when the earliest held place there comes free, if that is within {@code maxWaitMillis}.
     *
     * @param leaseMillis how long the places stay in flight without a {@link #renew}
     * @throws Unavailable where the store cannot be asked (then nothing was taken)
     */
    Taken take(List<Places> counters, List<String> ids, long maxWaitMillis, long leaseMillis);

    /** The calls of {@code ids} got their answers: each place is held until now plus its band's {@code W}. */
    void responded(List<Places> counters, List<String> ids);

    /** Places taken but never used: free at once. */
    void giveBack(List<Places> counters, List<String> ids);

    /** Extends the lease of places still in flight to {@code leaseMillis} from now. */
    void renew(List<Places> counters, List<String> ids, long leaseMillis);

    /** Whether the store may be asked now (false from a failure until it answers again). */
    boolean available();

    /** Runs {@code action} each time the store answers again after a failure. */
    void onRecovery(Runnable action);

    /** Sends {@code message} to every other instance of the cluster (at most once, never to this one). */
    void announce(String message);

    /** Where the other instances' {@link #announce announcements} go; on the store's thread, which must not wait. */
    void onAnnouncement(Consumer<String> listener);

    /**
     * The store cannot be asked: not reachable, or it refused. The caller falls back to its local
     * share; the store has logged it once.
     */
    final class Unavailable extends RuntimeException {
        public Unavailable(String message, Throwable cause) {
            super(message, cause, false, false);
        }
    }
}
