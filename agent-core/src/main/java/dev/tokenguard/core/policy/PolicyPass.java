package dev.tokenguard.core.policy;

/**
 * The counters one admitted call passed, one per matching policy: what its response is reported to
 * (in-flight places, response bytes, the scope a carrier's 429 pauses). Interned by the engine, so
 * that calls passing the same counters share one, and the guard can keep its decision for them in
 * {@link #cached()}: an admitted call then allocates nothing. A call that takes places in the
 * cluster's store has a pass of its own, which keeps the ids of its places ({@link #placeIds}).
 */
public final class PolicyPass implements Verdict {
    final Counter[] counters;
    final boolean enforcing;
    /**
     * For a call that counts in the cluster's store: the id of its place in each counter (by position,
     * null where it holds none there); null for an interned pass. Guarded by the engine's lock.
     */
    final String[] placeIds;
    /** The guard's decision for the last token it was used with; racy, and harmlessly so (see ApiRequests). */
    private volatile Object cached;

    PolicyPass(Counter[] counters) {
        this(counters, false);
    }

    PolicyPass(Counter[] counters, boolean takesPlaces) {
        this.counters = counters;
        this.placeIds = takesPlaces ? new String[counters.length] : null;
        boolean any = false;
        for (Counter c : counters) {
            any |= c.policy.enforces();
        }
        this.enforcing = any;
    }

    public Object cached() {
        return cached;
    }

    public void cache(Object decision) {
        this.cached = decision;
    }

    boolean sameCounters(Counter[] others, int n) {
        if (counters.length != n) {
            return false;
        }
        for (int i = 0; i < n; i++) {
            if (counters[i] != others[i]) {
                return false;
            }
        }
        return true;
    }
}
