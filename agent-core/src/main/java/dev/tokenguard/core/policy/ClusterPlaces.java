package dev.tokenguard.core.policy;

import dev.tokenguard.core.config.PolicyConfig;
import dev.tokenguard.core.config.RateBand;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

/**
 * The engine's side of the cluster's store for cluster-scoped policies (issue 13): which counters
 * count in the store, the places this instance holds there, the background reports, and the fallback
 * to each instance's share of the bands while the store cannot be asked.
 *
 * <p>Costs per carrier call: with {@code sync=exact} one request to the store (one script) before
 * the call goes; with {@code sync=async} one per {@link CounterPlaces#batch} calls, the rest spent
 * from leased places with no request at all. Either way the answers go to the store in batches at
 * most every {@link #REPORT_NANOS}, on this instance's store thread, together with the places
 * leased and left unused for {@link #IDLE_NANOS} (given back) and the renewal of leases of calls
 * under way for long.
 *
 * <p>While the store fails every cluster-scoped counter keeps to its share of its bands, the bands
 * divided by {@code tokenguard.cluster.expected-instances}, which its local windows count all the
 * time (a call the cluster admits counts in its share too, so an outage does not bring a fresh
 * share); the store logs one WARN, and one INFO when it answers again.
 */
final class ClusterPlaces {
    /** How long a place in flight is the holder's without a renewal: an instance that dies frees its places then. */
    static final long LEASE_MILLIS = 60_000;
    static final long RENEW_NANOS = TimeUnit.SECONDS.toNanos(20);
    static final long REPORT_NANOS = TimeUnit.MILLISECONDS.toNanos(100);
    static final long IDLE_NANOS = TimeUnit.MILLISECONDS.toNanos(200);
    /** How often a call asks again where every place is in flight and one frees only with an answer. */
    static final long BUSY_POLL_NANOS = TimeUnit.MILLISECONDS.toNanos(50);
    /** Leased places per request at most: more sit idle in one instance while others wait. */
    static final int MAX_BATCH = 32;
    /** Ids per report request at most. */
    private static final int REPORT_CHUNK = 256;
    /** Answers kept for a report while the store is away; beyond, their leases end them. */
    private static final int MAX_PENDING = 100_000;

    final SharedCounters store;
    final int expectedInstances;
    private final EngineContext context;
    private final PolicyWaits waits;
    private final String tag = HexFormat.of().toHexDigits((short) ThreadLocalRandom.current().nextInt());
    private final AtomicLong sequence = new AtomicLong();
    /** Under the engine's lock. */
    private final Map<String, CounterPlaces> byName = new HashMap<>();
    /** Pauses announced for counters this instance has not made yet, by name: until (nanos). */
    private final Map<String, long[]> earlyPauses = new HashMap<>();
    private ExecutorService io;
    private volatile Thread ioThread;
    private boolean reporting;
    /** While true, cluster-scoped counters keep to their shares. */
    volatile boolean down;
    /** When the store last answered again after failing; 0 before any outage. */
    private volatile long recoveredAtNanos;

    ClusterPlaces(SharedCounters store, int expectedInstances, EngineContext context, PolicyWaits waits) {
        this.store = store;
        this.expectedInstances = expectedInstances;
        this.context = context;
        this.waits = waits;
        store.onRecovery(this::recovered);
    }

    /** This instance's short random tag, in its place and block ids. */
    String tag() {
        return tag;
    }

    /** Whether {@code config}'s counters count in the store. */
    static boolean shared(PolicyConfig config) {
        return config.scope() == PolicyConfig.Scope.CLUSTER && config.action() == PolicyConfig.Action.LIMIT
                && !config.requests().isEmpty();
    }

    /** The places of the counter of {@code config} for {@code keyText}; under the lock. */
    CounterPlaces places(PolicyConfig config, String keyText) {
        String name = config.name() + ":" + digest(keyText) + ":" + bands(config.requests());
        CounterPlaces places = byName.get(name);
        if (places == null) {
            places = new CounterPlaces(new SharedCounters.Places(name, config.requests()), batch(config));
            byName.put(name, places);
            startReports();
        }
        // The name leaves sync out, so that instances reloaded to another sync still share the places.
        places.batch = batch(config);
        places.retired = false;
        return places;
    }

    /** A pause another instance announced for a counter not made here yet; taken by {@link #earlyPause}. */
    long earlyPause(String name, long now) {
        long[] p = earlyPauses.remove(name);
        return p != null && p[0] - now > 0 ? p[0] : 0;
    }

    void rememberPause(String name, long untilNanos, long now) {
        earlyPauses.values().removeIf(p -> p[0] - now <= 0);
        if (earlyPauses.size() < Policy.MAX_COUNTERS) {
            earlyPauses.put(name, new long[] {untilNanos});
        }
    }

    CounterPlaces byName(String name) {
        return byName.get(name);
    }

    /**
     * Places per request to the store: one for {@code exact}; for {@code async} a quarter of each
     * instance's share of the smallest band, so that leased places never hold back much of it.
     */
    private int batch(PolicyConfig config) {
        if (config.sync() == PolicyConfig.Sync.EXACT) {
            return 1;
        }
        long smallest = Long.MAX_VALUE;
        for (RateBand band : config.requests()) {
            smallest = Math.min(smallest, band.calls());
        }
        return (int) Math.max(1, Math.min(MAX_BATCH, smallest / (4L * expectedInstances)));
    }

    private static String bands(List<RateBand> bands) {
        StringBuilder b = new StringBuilder();
        for (RateBand band : bands) {
            b.append(b.length() == 0 ? "" : ",").append(band.calls()).append('/').append(band.period().toMillis());
        }
        return b.toString();
    }

    /** The key of a counter as the store names it: a digest, since a header's value may be private. */
    private static String digest(String keyText) {
        try {
            byte[] d = MessageDigest.getInstance("SHA-256").digest(keyText.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(d, 0, 8);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }

    List<String> ids(int n) {
        List<String> ids = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            ids.add(tag + "." + Long.toString(sequence.incrementAndGet(), 36));
        }
        return ids;
    }

    /**
     * Runs a request to the store on the store thread, the one thread that asks the store for
     * policies: requests queue here, in the JVM, rather than for one of the store's few pooled
     * connections, where fifty callers at once would wait past its timeout and read as an outage;
     * and each request sees the places the one before it leased.
     */
    void submit(Runnable task) {
        ExecutorService executor;
        synchronized (this) {
            if (io == null) {
                io = Executors.newSingleThreadExecutor(r -> {
                    Thread t = new Thread(r, "tokenguard-policy-store");
                    t.setDaemon(true);
                    ioThread = t;
                    return t;
                });
            }
            executor = io;
        }
        try {
            executor.execute(task);
        } catch (RejectedExecutionException closed) {
            task.run();
        }
    }

    /**
     * Runs {@code request} on the store thread and waits for it, uninterruptibly: a request once sent
     * must be seen through (a place it took must be given back), and the store answers or fails within
     * its timeout.
     */
    <T> T onStoreThread(Supplier<T> request) {
        if (Thread.currentThread() == ioThread) {
            return request.get();
        }
        CompletableFuture<T> result = new CompletableFuture<>();
        submit(() -> {
            try {
                result.complete(request.get());
            } catch (RuntimeException e) {
                result.completeExceptionally(e);
            }
        });
        try {
            return result.join();
        } catch (CompletionException e) {
            throw e.getCause() instanceof RuntimeException r ? r : e;
        }
    }

    /** Sends {@code message} to the other instances; where the store fails, they miss it (and it is logged once). */
    void announce(String message) {
        try {
            store.announce(message);
        } catch (SharedCounters.Unavailable e) {
            wentDown(e);
        }
    }

    /** The store failed: from now on every cluster-scoped counter keeps to its share. */
    void wentDown(RuntimeException cause) {
        if (down) {
            return;
        }
        down = true;
        synchronized (context.lock) {
            for (CounterPlaces p : byName.values()) {
                // Leased places expire in the store; here they are gone with the outage.
                p.idle.clear();
                p.overLimit = false;
            }
        }
        // The store's own WARN says so, once per outage; this line names the request it failed.
        context.log.debug("policies: the cluster's store failed ({}); cluster-scoped policies keep to 1/{} of their"
                + " requests bands until it answers again", cause.getMessage(), expectedInstances);
    }

    /**
     * Whether the shares still decide beside the store: for {@code periodNanos} after it answers
     * again, since the calls the shares admitted during the outage are not in it.
     */
    boolean sharesStillCount(long periodNanos) {
        long since = recoveredAtNanos;
        return since != 0 && context.time.nanoTime() - since < periodNanos;
    }

    private void recovered() {
        if (down) {
            recoveredAtNanos = context.time.nanoTime();
            down = false;
            context.log.debug("policies: the cluster's store answers again; cluster-scoped policies count in it again");
        }
    }

    private void startReports() {
        if (!reporting) {
            reporting = true;
            waits.at(context.time.nanoTime() + REPORT_NANOS, () -> submit(this::report));
        }
    }

    /** On the store thread: answers, unused leases and renewals go to the store; then the next round. */
    private void report() {
        List<Runnable> requests = new ArrayList<>();
        synchronized (context.lock) {
            long now = context.time.nanoTime();
            for (CounterPlaces p : byName.values()) {
                if (!p.responded.isEmpty() && !down) {
                    List<String> ids = p.responded;
                    p.responded = new ArrayList<>();
                    requests.add(() -> reportAnswers(p, ids));
                }
                List<String> unused = new ArrayList<>();
                while (!p.idle.isEmpty() && now - p.idle.peekFirst().atNanos() >= IDLE_NANOS) {
                    unused.add(p.idle.pollFirst().id());
                }
                if (!unused.isEmpty()) {
                    requests.add(() -> store.giveBack(p.asList, unused));
                }
                List<String> renew = new ArrayList<>();
                for (Map.Entry<String, Long> e : p.inFlight.entrySet()) {
                    if (now - e.getValue() >= RENEW_NANOS) {
                        renew.add(e.getKey());
                        e.setValue(now);
                    }
                }
                if (!renew.isEmpty()) {
                    requests.add(() -> store.renew(p.asList, renew, LEASE_MILLIS));
                }
            }
            byName.values().removeIf(p -> p.retired && p.quiet());
        }
        for (Runnable request : requests) {
            try {
                request.run();
            } catch (SharedCounters.Unavailable e) {
                wentDown(e);
            }
        }
        try {
            waits.at(context.time.nanoTime() + REPORT_NANOS, () -> submit(this::report));
        } catch (IllegalStateException closed) {
            // the engine is closed
        }
    }

    /**
     * Under the lock, after an answer of a counter whose calls find no room in the store: its answers
     * go now rather than with the next round, since every call that waits for a place (or is refused
     * for want of one) waits on them.
     */
    void answeredWhileContended(CounterPlaces p) {
        if (!p.reportQueued && !down) {
            p.reportQueued = true;
            submit(() -> {
                List<String> ids;
                synchronized (context.lock) {
                    p.reportQueued = false;
                    ids = p.responded;
                    p.responded = new ArrayList<>();
                }
                if (!ids.isEmpty()) {
                    reportAnswers(p, ids);
                }
            });
        }
    }

    /**
     * In chunks: one script over tens of thousands of ids (a busy policy's 100 ms) would hold Redis
     * past the store's timeout. Where the store fails, the ids not reported wait for the next round.
     */
    private void reportAnswers(CounterPlaces p, List<String> ids) {
        for (int from = 0; from < ids.size(); from += REPORT_CHUNK) {
            try {
                store.responded(p.asList, ids.subList(from, Math.min(ids.size(), from + REPORT_CHUNK)));
            } catch (SharedCounters.Unavailable e) {
                wentDown(e);
                synchronized (context.lock) {
                    if (p.responded.size() < MAX_PENDING) {
                        p.responded.addAll(ids.subList(from, ids.size()));
                    }
                }
                return;
            }
        }
    }

    void close() {
        ExecutorService executor;
        synchronized (this) {
            executor = io;
        }
        if (executor != null) {
            executor.shutdownNow();
        }
    }
}
