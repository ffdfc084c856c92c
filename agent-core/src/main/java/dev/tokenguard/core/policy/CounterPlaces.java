package dev.tokenguard.core.policy;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One cluster-scoped counter's places in the cluster's store, as this instance holds them: places
 * leased and not used yet ({@code sync=async}), places of calls under way, places whose calls
 * answered and are still to be reported, and what the store last said about a counter with no room.
 * Guarded by the engine's lock; the store is never asked under it.
 *
 * <p>Each call keeps the ids of the places it took in its own {@link PolicyPass}, and its answer
 * ends exactly those: a place is never reported held while its call may still be under way.
 */
final class CounterPlaces {
    final SharedCounters.Places places;
    final List<SharedCounters.Places> asList;
    /** Places taken per request to the store: 1 for {@code sync=exact}; follows a reload of {@code sync}. */
    int batch;
    /** The counter these places are of: the latest made, where a reload made a new one. */
    Counter counter;
    /** Unused leased places, with when they were taken (nanos). */
    final ArrayDeque<Lease> idle = new ArrayDeque<>();
    /** Places of calls under way, by id: when their lease was last renewed (nanos). */
    final Map<String, Long> inFlight = new LinkedHashMap<>();
    /** Places whose calls answered, for the next report. */
    List<String> responded = new ArrayList<>();
    /** While set, the store said there is no room within max-wait: calls are refused here, unasked. */
    long overLimitUntilNanos;
    /** When the store said a place comes free, for the refusal's {@code Retry-After}. */
    long roomAtNanos;
    boolean overLimit;
    /** The store last had no place for a call of this counter: answers are reported at once. */
    boolean contended;
    /** An immediate report is on its way to the store thread. */
    boolean reportQueued;
    /** A reload replaced the counter: the places go once their calls are reported. */
    boolean retired;

    record Lease(String id, long atNanos) {}

    CounterPlaces(SharedCounters.Places places, int batch) {
        this.places = places;
        this.asList = List.of(places);
        this.batch = batch;
    }

    boolean overLimit(long now) {
        return overLimit && overLimitUntilNanos - now > 0;
    }

    /** An unused leased place for a call about to go, now in flight; null where none is left. */
    String useIdle(long now) {
        Lease lease = idle.pollFirst();
        if (lease == null) {
            return null;
        }
        inFlight.put(lease.id(), now);
        return lease.id();
    }

    /** A place taken for a call that did not go after all: back to the unused ones, first in line. */
    void unused(String id, long now) {
        if (inFlight.remove(id) != null) {
            idle.addFirst(new Lease(id, now));
        }
    }

    /** The call holding {@code id} answered (or failed after it may have left): held from now. */
    void answered(String id) {
        if (inFlight.remove(id) != null) {
            responded.add(id);
        }
    }

    boolean quiet() {
        return idle.isEmpty() && inFlight.isEmpty() && responded.isEmpty();
    }
}
