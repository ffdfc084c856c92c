package dev.tokenguard.core.policy;

import dev.tokenguard.core.config.PolicyConfig;
import dev.tokenguard.core.config.RateBand;
import dev.tokenguard.core.limit.RateBands;
import java.util.List;

/**
 * What one policy counts for one key of its {@code per} (the whole policy, one client id, one header
 * value...): its request windows, its byte budget, its calls in flight and its pause after a carrier's
 * 429. Guarded by the engine's lock.
 *
 * <p>A cluster-scoped counter ({@link #places} not null) counts its request bands in the cluster's
 * store; its own windows then hold this instance's share of the bands, which decide only while the
 * store cannot be asked, and count every call all the time.
 */
final class Counter {
    /** Replaced when a reload carries the counter over to the policy's new configuration. */
    Policy policy;
    /** Describes the key in messages, never a secret: a credential's fingerprint, a header's value. */
    final String label;
    /** Unique in the engine, for interning the set of counters one call passes. */
    final int id;
    final RequestWindow[] windows;
    private final long longestPeriodNanos;
    /** Where the counter's request bands count for the whole cluster; null where they count here. */
    final CounterPlaces places;
    final ByteBudget bytes;
    /** Shared with the counter of the same policy name and key before a reload, so that calls in flight carry over. */
    final InFlight inFlight;
    /** Queued calls that need a place of this counter's in-flight limit: newcomers queue behind them. */
    int queued;
    /** The engine's queue scan in which a call ahead in the queue still waits for this counter. */
    int heldBack;
    long pausedUntilNanos;
    long pausedUntilMillis;

    private static final RequestWindow[] NO_WINDOWS = new RequestWindow[0];

    /** Calls of a counter under way. */
    static final class InFlight {
        int count;
    }

    Counter(Policy policy, String label, int id, InFlight inFlight) {
        this.policy = policy;
        this.label = label;
        this.id = id;
        PolicyConfig config = policy.config();
        ClusterPlaces cluster = policy.cluster();
        this.places = cluster != null && ClusterPlaces.shared(config) ? cluster.places(config, label) : null;
        if (places != null) {
            places.counter = this;
        }
        List<RateBand> bands = places == null ? config.requests() : RateBands.share(config.requests(), cluster.expectedInstances);
        long longest = 0;
        for (RateBand band : bands) {
            longest = Math.max(longest, band.period().toNanos());
        }
        this.longestPeriodNanos = longest;
        this.windows = new RequestWindow[bands.size()];
        for (int i = 0; i < windows.length; i++) {
            windows[i] = new RequestWindow(bands.get(i));
        }
        this.bytes = config.bytes() == null ? null : new ByteBudget(config.bytes());
        this.inFlight = inFlight;
    }

    boolean paused(long now) {
        return pausedUntilMillis != 0 && pausedUntilNanos - now > 0;
    }

    /**
     * How many of the counter's calls may be under way at once (0: no cap): {@code in-flight}, and for
     * {@code requests=N/W} also {@code N}, since a call holds its request place until {@code W} after
     * its response ({@link RequestWindow}) and the time a call beyond {@code N} may go is not known
     * before one of them answers. In the cluster the store tells when every place is in flight.
     */
    int inFlightCap() {
        int cap = policy.config().inFlight();
        for (RequestWindow w : deciding()) {
            long calls = w.band().calls();
            if (calls > 0 && calls < Integer.MAX_VALUE && (cap <= 0 || calls < cap)) {
                cap = (int) calls;
            }
        }
        return cap;
    }

    /** Whether a newcomer finds no in-flight place: the cap is reached, or others queue for one. */
    boolean inFlightFull() {
        int cap = inFlightCap();
        return cap > 0 && (inFlight.count >= cap || queued > 0);
    }

    boolean inFlightFree() {
        int cap = inFlightCap();
        return cap <= 0 || inFlight.count < cap;
    }

    /** What holds a queued call: {@code in-flight=N}, or the calls of a request band under way. */
    String inFlightLimit() {
        int limit = policy.config().inFlight();
        return limit > 0 && limit == inFlightCap() ? "in-flight=" + limit
                : "requests=" + inFlightCap() + " calls under way";
    }

    /**
     * Whether the store decides this counter's request bands now (else its windows do): not while it
     * fails, and not for a policy in shadow mode (or observe mode), which takes no places and tells
     * what this instance's share would refuse.
     */
    boolean inCluster() {
        return places != null && !policy.cluster().down && policy.enforces();
    }

    /**
     * The windows that decide now: none while the store decides alone; this instance's share while
     * the store fails, and for the longest band's period after it answers again, when the store does
     * not know of the calls the shares admitted meanwhile and both must have room.
     */
    private RequestWindow[] deciding() {
        if (!inCluster()) {
            return windows;
        }
        return policy.cluster().sharesStillCount(longestPeriodNanos) ? windows : NO_WINDOWS;
    }

    /** The earliest this counter admits a call, and which limit holds it there (null: none). */
    long earliest(long now) {
        long at = now;
        for (RequestWindow w : deciding()) {
            long t = w.earliest(now, inFlight.count);
            if (t - at > 0) {
                at = t;
            }
        }
        if (bytes != null) {
            long t = bytes.earliest(now);
            if (t - at > 0) {
                at = t;
            }
        }
        return at;
    }

    /** The request band that holds a call latest, or null when none holds it past {@code now}. */
    RequestWindow decidingWindow(long now) {
        RequestWindow deciding = null;
        long latest = now;
        for (RequestWindow w : deciding()) {
            long t = w.earliest(now, inFlight.count);
            if (t - latest > 0) {
                latest = t;
                deciding = w;
            }
        }
        return deciding;
    }

    void admit(long at, long requestBytes) {
        if (deciding() == windows) {
            for (RequestWindow w : windows) {
                w.record(at);
            }
        }
        if (bytes != null) {
            bytes.charge(at, requestBytes);
        }
        inFlight.count++;
    }

    /**
     * A call got its place in the cluster: it counts in this instance's share too, so that an outage
     * right after does not bring a fresh share (where the share decides too, its admission counted).
     */
    void placed(long now) {
        if (deciding() != windows) {
            for (RequestWindow w : windows) {
                w.record(now);
            }
        }
    }

    /** The call ended at {@code now}; its in-flight place is free again, its request places W later. */
    void release(long now) {
        withdraw();
        for (RequestWindow w : windows) {
            w.responded(now);
        }
    }

    /**
     * A call that never left frees its in-flight place. No response is counted: its windows' response
     * rule is about calls that may have reached the carrier, and one that did not would hold a place
     * for nothing.
     */
    void withdraw() {
        if (inFlight.count > 0) {
            inFlight.count--;
        }
    }
}
