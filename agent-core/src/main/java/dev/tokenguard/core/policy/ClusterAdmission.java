package dev.tokenguard.core.policy;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Takes the places of an admitted call in the cluster's store (issue 13), after the engine's local
 * decision: from the places leased here where it can, else in one request on the store thread; waits
 * for a reserved place on the caller's thread, or on the engine's wait thread for a caller that must
 * not block; refuses where the store has no place within max-wait, and hands a call back to the
 * engine to be decided on this instance's shares where the store fails under it.
 */
final class ClusterAdmission {
    private final PolicyEngine engine;
    private final EngineContext context;
    private final PolicyWaits waits;

    ClusterAdmission(PolicyEngine engine, EngineContext context, PolicyWaits waits) {
        this.engine = engine;
        this.context = context;
        this.waits = waits;
    }

    /** How one request for a call's places in the cluster ended. */
    private record Attempt(Verdict verdict, long atNanos, boolean decideAgain) {
        static final Attempt DECIDE_AGAIN = new Attempt(null, 0, true);
    }

    /** Takes a call's places in the cluster's store, waiting on this thread where it must. */
    Verdict placesBlocking(Waiting w) {
        long deadline = context.time.nanoTime() + placesMaxWait(w.pass);
        while (true) {
            Attempt a = attemptPlaces(w, deadline);
            if (a.decideAgain) {
                Waiting.Call c = w.call;
                Verdict again = engine.admit(c.carrier(), c.request(), c.credential(), c.credentialLabel());
                return again instanceof Waiting next ? engine.await(next) : again;
            }
            long left = a.atNanos - context.time.nanoTime();
            if (left > 0) {
                try {
                    context.time.sleep(left);
                } catch (InterruptedException e) {
                    engine.release(w.pass, 0);
                    Thread.currentThread().interrupt();
                    return PolicyEngine.interrupted();
                }
            }
            if (a.verdict != null) {
                return a.verdict;
            }
        }
    }

    /** Takes a call's places in the cluster's store on the store's thread, for a caller that must not wait. */
    void placesLater(Waiting w, long deadline, CompletableFuture<Verdict> result) {
        List<Integer> missing = leasedHere(w.pass);
        if (missing != null && missing.isEmpty()) {
            result.complete(w.pass);
            return;
        }
        context.cluster.submit(() -> {
            Attempt a;
            try {
                a = askStore(w, deadline);
            } catch (RuntimeException e) {
                result.completeExceptionally(e);
                return;
            }
            if (a.decideAgain) {
                Waiting.Call c = w.call;
                Verdict again = engine.admit(c.carrier(), c.request(), c.credential(), c.credentialLabel());
                if (again instanceof Waiting next) {
                    engine.later(next, result);
                } else {
                    result.complete(again);
                }
                return;
            }
            Runnable next = a.verdict != null ? () -> result.complete(a.verdict) : () -> placesLater(w, deadline, result);
            if (a.atNanos - context.time.nanoTime() <= 0) {
                next.run();
            } else {
                waits.at(a.atNanos, next);
            }
        });
    }

    /** The smallest max-wait of the cluster-scoped counters a pass takes places in. */
    static long placesMaxWait(PolicyPass pass) {
        long maxWait = Long.MAX_VALUE;
        for (Counter c : pass.counters) {
            if (c.places != null && c.policy.enforces()) {
                maxWait = Math.min(maxWait, c.policy.config().maxWait().toNanos());
            }
        }
        return maxWait == Long.MAX_VALUE ? 0 : maxWait;
    }

    /**
     * One try for the places a call still lacks: leased ones first, then the rest in one request to
     * the store (never under the lock). Where the store has no place within the call's max-wait, the
     * call gives its other places and its local counts back and is refused; where every place is in
     * flight, it asks again a little later, within its max-wait.
     */
    private Attempt attemptPlaces(Waiting w, long deadline) {
        List<Integer> missing = leasedHere(w.pass);
        if (missing == null) {
            return abandon(w.pass);
        }
        if (missing.isEmpty()) {
            return new Attempt(w.pass, context.time.nanoTime(), false);
        }
        return context.cluster.onStoreThread(() -> askStore(w, deadline));
    }

    /** On the store thread: {@link #attemptPlaces}' request to the store, after a last look at the leased places. */
    private Attempt askStore(Waiting w, long deadline) {
        PolicyPass pass = w.pass;
        ClusterPlaces cluster = context.cluster;
        List<Integer> missing = leasedHere(pass);
        if (missing == null) {
            return abandon(pass);
        }
        if (missing.isEmpty()) {
            return new Attempt(pass, context.time.nanoTime(), false);
        }
        int batch = Integer.MAX_VALUE;
        for (int i : missing) {
            batch = Math.min(batch, pass.counters[i].places.batch);
        }
        List<String> ids = cluster.ids(batch);
        List<SharedCounters.Places> places = new ArrayList<>(missing.size());
        for (int i : missing) {
            places.add(pass.counters[i].places.places);
        }
        long maxWaitMillis = Math.max(0, TimeUnit.NANOSECONDS.toMillis(deadline - context.time.nanoTime()));
        SharedCounters.Taken taken;
        try {
            taken = cluster.store.take(places, ids, maxWaitMillis, ClusterPlaces.LEASE_MILLIS);
        } catch (SharedCounters.Unavailable e) {
            cluster.wentDown(e);
            return abandon(pass);
        }
        PolicyRefusal refusal;
        synchronized (context.lock) {
            long now = context.time.nanoTime();
            for (int i : missing) {
                pass.counters[i].places.contended = taken.count() == 0;
            }
            if (taken.count() > 0) {
                for (int i : missing) {
                    CounterPlaces p = pass.counters[i].places;
                    p.inFlight.put(ids.get(0), now);
                    pass.placeIds[i] = ids.get(0);
                    pass.counters[i].placed(now);
                    for (int j = 1; j < taken.count(); j++) {
                        p.idle.addLast(new CounterPlaces.Lease(ids.get(j), now));
                    }
                    p.overLimit = false;
                }
                return new Attempt(pass, now + TimeUnit.MILLISECONDS.toNanos(taken.waitMillis()), false);
            }
            if (taken.retryMillis() < 0 && deadline - now > 0) {
                return new Attempt(null, Math.min(now + ClusterPlaces.BUSY_POLL_NANOS, deadline), false);
            }
            Counter deciding = pass.counters[missing.get(0)];
            long roomNanos = taken.retryMillis() < 0 ? TimeUnit.SECONDS.toNanos(1) : TimeUnit.MILLISECONDS.toNanos(taken.retryMillis());
            long maxWait = deciding.policy.config().maxWait().toNanos();
            if (missing.size() == 1 && (taken.retryMillis() >= 0 || maxWait == 0)) {
                // Known over the limit: refused here, unasked, until a place may come within max-wait.
                // Where every place is in flight no time is known; a call that cannot wait is then
                // refused here for one poll interval.
                CounterPlaces p = deciding.places;
                p.overLimit = true;
                p.roomAtNanos = now + roomNanos;
                p.overLimitUntilNanos = taken.retryMillis() >= 0 ? p.roomAtNanos - maxWait : now + ClusterPlaces.BUSY_POLL_NANOS;
            }
            deciding.policy.stats.refused++;
            uncount(pass);
            refusal = PolicyEngine.clusterRefusal(deciding, roomNanos);
            unusePlaces(pass, now);
        }
        engine.release(pass, 0, false);
        return new Attempt(refusal, 0, false);
    }

    /**
     * Gives the call the places it lacks from those leased here; the positions of its counters that
     * still lack one, or null where the store is failing.
     */
    private List<Integer> leasedHere(PolicyPass pass) {
        List<Integer> missing = new ArrayList<>(2);
        synchronized (context.lock) {
            if (context.cluster.down) {
                return null;
            }
            long now = context.time.nanoTime();
            for (int i = 0; i < pass.counters.length; i++) {
                CounterPlaces places = pass.counters[i].places;
                if (pass.placeIds[i] != null || places == null || !pass.counters[i].policy.enforces()) {
                    continue;
                }
                String id = places.useIdle(now);
                if (id != null) {
                    pass.placeIds[i] = id;
                    pass.counters[i].placed(now);
                } else {
                    missing.add(i);
                }
            }
        }
        return missing;
    }

    /** The store failed under a call: it gives back what it took, and is decided again on the shares. */
    private Attempt abandon(PolicyPass pass) {
        synchronized (context.lock) {
            unusePlaces(pass, context.time.nanoTime());
            uncount(pass);
        }
        engine.release(pass, 0, false);
        return Attempt.DECIDE_AGAIN;
    }

    /** Under the lock: a call its reservation counted as admitted did not go after all. */
    private static void uncount(PolicyPass pass) {
        for (Counter c : pass.counters) {
            c.policy.stats.admitted--;
        }
    }

    /** Under the lock: the places a call took and will not use go back to the leased ones. */
    private static void unusePlaces(PolicyPass pass, long now) {
        for (int i = 0; i < pass.counters.length; i++) {
            if (pass.placeIds[i] != null) {
                pass.counters[i].places.unused(pass.placeIds[i], now);
                pass.placeIds[i] = null;
            }
        }
    }
}
