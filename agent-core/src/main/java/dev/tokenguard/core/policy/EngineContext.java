package dev.tokenguard.core.policy;

import dev.tokenguard.core.time.TimeSource;
import org.slf4j.Logger;

/**
 * What every part of one engine shares: the one lock that guards all counters and figures (a call
 * reserves in all the counters it passes or in none, and a policy for every carrier ({@code *}) shares
 * its counters among carriers, so one lock keeps that simple and correct; it is held for a few
 * hundred nanoseconds and never while waiting), the clock and the log.
 */
final class EngineContext {
    final Object lock = new Object();
    final TimeSource time;
    final Logger log;
    /**
     * {@code tokenguard.mode=observe}: every policy counts as in shadow mode. Volatile, as it is switched
     * from JMX; read under {@link #lock}, so one decision sees one value throughout.
     */
    volatile boolean observing;
    /** The cluster's store for cluster-scoped policies; null without one. Set before the first policy is built. */
    ClusterPlaces cluster;
    private int nextCounterId;

    EngineContext(TimeSource time, Logger log) {
        this.time = time;
        this.log = log;
    }

    /** Guarded by {@link #lock}. */
    int nextCounterId() {
        return ++nextCounterId;
    }
}
