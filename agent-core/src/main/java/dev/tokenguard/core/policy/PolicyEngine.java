package dev.tokenguard.core.policy;

import dev.tokenguard.core.config.PolicyConfig;
import dev.tokenguard.core.config.RateBand;
import dev.tokenguard.core.http.HttpHeaders;
import dev.tokenguard.core.http.OutboundRequest;
import dev.tokenguard.core.killswitch.RetryAfter;
import dev.tokenguard.core.time.TimeSource;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;

/**
 * Decides carrier API calls against the throttling policies in force (issue 11).
 *
 * <p>For each call: the enabled policies of its carrier (or of every carrier) whose conditions hold
 * apply, each through the counter its {@code per} selects. The strictest decides: the call may go at
 * the latest time any enforcing counter allows ({@link RequestWindow}, {@link ByteBudget}); it reserves
 * that time in every counter it passes and waits until it, if the wait is within the smallest
 * {@code max-wait} of the policies that hold it; otherwise it is refused and reserves nothing. Calls
 * over an {@code in-flight} limit queue, first come first served, until a place frees or their
 * max-wait is over. Shadow policies count and log what they would refuse, and refuse nothing.
 *
 * <p>Reservations happen under one lock ({@link EngineContext}), so a call counts in all its counters
 * or in none, and arrival order is reservation order: waiting is fair by construction.
 *
 * <p>A carrier's 429 pauses the enforcing counters the call passed (or, where it passed none, the
 * carrier's calls of its credential) until its {@code Retry-After}, or the carrier's
 * {@code retry-after-default}: calls in that scope are refused locally meanwhile.
 */
public final class PolicyEngine {
    private static final int INTERN_SLOTS = 256;

    private final EngineContext context;
    private final Blocks blocks;
    private final PolicyWaits waits;
    private final ClusterAdmission admission;
    private final Map<String, CarrierPolicies> carriers = new LinkedHashMap<>();
    private volatile PolicySet set;
    /** Queued calls waiting for an in-flight place, in arrival order; under the lock. */
    private final ArrayDeque<Waiting> queue = new ArrayDeque<>();
    /** Scratch space for the counters of the call being decided; under the lock. */
    private Counter[] scratch = new Counter[16];
    /** Passes by the counters they hold, so that an admitted call allocates none; under the lock. */
    private PolicyPass[] interned = new PolicyPass[INTERN_SLOTS];
    /** Carrier-wide pauses after a 429 of a call that no enforcing policy counted, by credential label. */
    private final Map<String, Map<Object, long[]>> credentialPauses = new HashMap<>();
    private volatile boolean anyCredentialPaused;
    private int scan;

    /**
     * @param carrierRetryAfter each configured carrier's id and its {@code retry-after-default}
     * @throws IllegalArgumentException where a policy names a carrier that is not configured
     */
    public PolicyEngine(List<PolicyConfig> policies, Map<String, Duration> carrierRetryAfter, TimeSource time, Logger log) {
        this(policies, carrierRetryAfter, null, 1, time, log);
    }

    /**
     * @param shared            where cluster-scoped policies count and blocks and pauses go to every
     *                          instance; null where this JVM is on its own
     * @param expectedInstances {@code tokenguard.cluster.expected-instances}: the share each instance
     *                          keeps to while {@code shared} fails
     */
    public PolicyEngine(List<PolicyConfig> policies, Map<String, Duration> carrierRetryAfter, SharedCounters shared,
                        int expectedInstances, TimeSource time, Logger log) {
        this.context = new EngineContext(time, log);
        this.blocks = new Blocks(time, carrierRetryAfter.keySet());
        this.waits = new PolicyWaits(time);
        this.admission = new ClusterAdmission(this, context, waits);
        if (shared != null) {
            context.cluster = new ClusterPlaces(shared, expectedInstances, context, waits);
            blocks.shareWith(context.cluster);
            shared.onAnnouncement(this::heard);
        }
        carrierRetryAfter.forEach((id, d) -> carriers.put(id, new CarrierPolicies(this, id, d.toNanos())));
        synchronized (context.lock) {
            this.set = PolicySet.build(policies, carriers.keySet(), null, context);
        }
    }

    public CarrierPolicies carrier(String id) {
        CarrierPolicies c = carriers.get(id);
        if (c == null) {
            throw new IllegalArgumentException("no carrier " + id);
        }
        return c;
    }

    /** The policies in force, in configuration order. */
    public List<PolicyControl> policies() {
        return List.copyOf(set.all);
    }

    public BlockControl blocks() {
        return blocks;
    }

    /**
     * Puts {@code next} in force: counters and figures of a policy that keeps its name and limits carry
     * over, calls in flight carry over by name whatever changed.
     *
     * @return one line per change
     * @throws IllegalArgumentException where a policy names a carrier that is not configured; then
     *                                  nothing changed
     */
    public List<String> reload(List<PolicyConfig> next) {
        synchronized (context.lock) {
            PolicySet old = set;
            PolicySet built = PolicySet.build(next, carriers.keySet(), old, context);
            interned = new PolicyPass[INTERN_SLOTS];
            set = built;
            return PolicySet.changes(old, built);
        }
    }

    /**
     * In observe mode every policy acts as in shadow mode (counts and logs what it would refuse, never
     * waits or refuses), the one mechanism for both; blocks and carrier pauses still answer a refusal,
     * which the observing caller counts and does not apply.
     */
    public void observe(boolean observing) {
        context.observing = observing;
    }

    /** Stops the wait thread; calls waiting on it are left to their callers' own timeouts. */
    public void close() {
        waits.close();
        if (context.cluster != null) {
            context.cluster.close();
        }
    }

    Verdict admit(CarrierPolicies carrier, OutboundRequest request, Object credential, String credentialLabel) {
        PolicyRefusal blocked = blocks.refusal(carrier.carrierId(), request, carrier.defaultRetryAfterNanos());
        if (blocked != null) {
            return blocked;
        }
        Policy[] policies = set.forCarrier(carrier.carrierId());
        if (policies.length == 0 && !anyCredentialPaused) {
            return null;
        }
        synchronized (context.lock) {
            long now = context.time.nanoTime();
            PolicyRefusal paused = credentialPause(carrier, credentialLabel, now);
            if (paused != null) {
                return paused;
            }
            return decide(carrier, policies, request, credential, credentialLabel, now);
        }
    }

    /** Under the lock. */
    private Verdict decide(CarrierPolicies carrier, Policy[] policies, OutboundRequest request, Object credential, String credentialLabel,
                           long now) {
        if (scratch.length < policies.length) {
            scratch = new Counter[policies.length];
        }
        int n = 0;
        for (Policy p : policies) {
            if (!p.applies(request)) {
                continue;
            }
            p.stats.matched++;
            if (p.config().action() == PolicyConfig.Action.BLOCK) {
                if (p.enforces()) {
                    p.stats.refused++;
                    return new PolicyRefusal(PolicyRefusal.Kind.BLOCK, "policy " + p.name(), "calls blocked by policy",
                            carrier.defaultRetryAfterNanos(), null);
                }
                p.shadowRefused(now, "blocked by policy");
                p.stats.admitted++;
                continue;
            }
            scratch[n++] = p.counter(request, credential, credentialLabel);
        }
        if (n == 0) {
            return null;
        }
        long at = now;
        long maxWait = Long.MAX_VALUE;
        Counter deciding = null;
        Counter full = null;
        for (int i = 0; i < n; i++) {
            Counter c = scratch[i];
            if (!c.policy.enforces()) {
                continue;
            }
            if (c.paused(now)) {
                c.policy.stats.refused++;
                return pauseRefusal(c, now);
            }
            if (c.inCluster() && c.places.overLimit(now)) {
                c.policy.stats.refused++;
                return clusterRefusal(c, c.places.roomAtNanos - now);
            }
            long t = c.earliest(now);
            if (t - now > 0) {
                maxWait = Math.min(maxWait, c.policy.config().maxWait().toNanos());
                if (t - at > 0) {
                    at = t;
                    deciding = c;
                }
            }
            if (c.inFlightFull()) {
                full = c;
                maxWait = Math.min(maxWait, c.policy.config().maxWait().toNanos());
            }
        }
        for (int i = 0; i < n; i++) {
            Counter c = scratch[i];
            if (!c.policy.enforces()) {
                String why = wouldRefuse(c, now);
                if (why != null) {
                    c.policy.shadowRefused(now, why);
                }
            }
        }
        if (at - now > maxWait) {
            deciding.policy.stats.refused++;
            return limitRefusal(deciding, at, now);
        }
        long bytes = RequestKeys.requestBytes(request);
        PolicyPass pass = takesPlaces(scratch, n) ? new PolicyPass(Arrays.copyOf(scratch, n), true) : intern(scratch, n);
        Waiting.Call call = pass.placeIds == null ? null : new Waiting.Call(carrier, request, credential, credentialLabel);
        if (full != null) {
            if (maxWait == 0) {
                full.policy.stats.refused++;
                return inFlightRefusal(full);
            }
            Waiting w = new Waiting(pass, bytes, now + maxWait);
            w.call = call;
            queue.addLast(w);
            for (Counter c : pass.counters) {
                if (c.policy.enforces() && c.inFlightCap() > 0) {
                    c.queued++;
                }
            }
            return w;
        }
        reserve(pass, at, bytes, at != now);
        if (call != null) {
            Waiting w = new Waiting(pass, at);
            w.call = call;
            return w;
        }
        return at == now ? pass : new Waiting(pass, at);
    }

    /** Whether a call passing these counters takes places in the cluster's store. */
    private static boolean takesPlaces(Counter[] counters, int n) {
        for (int i = 0; i < n; i++) {
            if (counters[i].inCluster()) {
                return true;
            }
        }
        return false;
    }

    private static String wouldRefuse(Counter c, long now) {
        if (c.inFlightFull()) {
            return c.inFlightLimit() + " reached";
        }
        long t = c.earliest(now);
        if (t - now > c.policy.config().maxWait().toNanos()) {
            return "no room within max-wait " + seconds(t - now) + " s";
        }
        return null;
    }

    private void reserve(PolicyPass pass, long at, long bytes, boolean waited) {
        for (Counter c : pass.counters) {
            c.admit(at, bytes);
            Policy.Stats s = c.policy.stats;
            s.admitted++;
            s.bytes += bytes;
            if (waited) {
                s.waited++;
            }
        }
    }

    private PolicyPass intern(Counter[] counters, int n) {
        int h = 1;
        for (int i = 0; i < n; i++) {
            h = 31 * h + counters[i].id;
        }
        int slot = (h ^ (h >>> 16)) & (INTERN_SLOTS - 1);
        PolicyPass pass = interned[slot];
        if (pass == null || !pass.sameCounters(counters, n)) {
            pass = new PolicyPass(Arrays.copyOf(counters, n));
            interned[slot] = pass;
        }
        return pass;
    }

    Verdict await(Waiting w) {
        TimeSource time = context.time;
        if (w.queued) {
            try {
                time.await(w.settled, w.deadlineNanos - time.nanoTime());
            } catch (TimeoutException e) {
                expire(w);
            } catch (InterruptedException e) {
                expire(w);
                giveBack(w);
                Thread.currentThread().interrupt();
                return interrupted();
            }
        }
        if (w.refusal != null) {
            return w.refusal;
        }
        long left = w.atNanos - time.nanoTime();
        if (left > 0) {
            try {
                time.sleep(left);
            } catch (InterruptedException e) {
                giveBack(w);
                Thread.currentThread().interrupt();
                return interrupted();
            }
        }
        return w.call == null ? w.pass : admission.placesBlocking(w);
    }


    /**
     * Gives an interrupted call's in-flight places back. Its reserved request times stay spent: taking
     * one back from the middle of a window would break the windows' order, and erring towards fewer
     * calls is safe.
     */
    private void giveBack(Waiting w) {
        if (w.refusal == null && !w.queued) {
            release(w.pass, 0);
        }
    }

    static PolicyRefusal interrupted() {
        return new PolicyRefusal(PolicyRefusal.Kind.INTERRUPTED, "tokenguard", "interrupted while waiting for room",
                0, null);
    }

    void later(Waiting w, CompletableFuture<Verdict> result) {
        if (w.queued) {
            waits.at(w.deadlineNanos, () -> expire(w));
        }
        w.settled.whenComplete((ignored, e) -> {
            if (w.refusal != null) {
                result.complete(w.refusal);
                return;
            }
            Runnable go = w.call == null ? () -> result.complete(w.pass)
                    : () -> admission.placesLater(w, context.time.nanoTime() + ClusterAdmission.placesMaxWait(w.pass), result);
            if (w.atNanos - context.time.nanoTime() <= 0) {
                go.run();
            } else {
                waits.at(w.atNanos, go);
            }
        });
    }

    /** A queued call's max-wait is over: refused, unless it got its place meanwhile. */
    private void expire(Waiting w) {
        List<Waiting> settled = new ArrayList<>(2);
        synchronized (context.lock) {
            if (w.queued && queue.remove(w)) {
                dequeued(w);
                Counter full = firstFull(w);
                if (full != null) {
                    full.policy.stats.refused++;
                }
                w.refusal = full != null ? inFlightRefusal(full)
                        : new PolicyRefusal(PolicyRefusal.Kind.LIMIT, "tokenguard", "no room within max-wait", 0, null);
                settled.add(w);
                grantQueued(context.time.nanoTime(), settled);
            }
        }
        settled.forEach(s -> s.settled.complete(null));
    }

    private static Counter firstFull(Waiting w) {
        for (Counter c : w.pass.counters) {
            if (c.policy.enforces() && !c.inFlightFree()) {
                return c;
            }
        }
        return null;
    }

    private void dequeued(Waiting w) {
        w.queued = false;
        for (Counter c : w.pass.counters) {
            if (c.policy.enforces() && c.inFlightCap() > 0 && c.queued > 0) {
                c.queued--;
            }
        }
    }

    /**
     * Gives places to queued calls in arrival order; under the lock. A call that cannot have its place
     * yet holds back the calls behind it that need the same counters, so nobody overtakes it.
     */
    private void grantQueued(long now, List<Waiting> settled) {
        if (queue.isEmpty()) {
            return;
        }
        scan++;
        for (Iterator<Waiting> it = queue.iterator(); it.hasNext(); ) {
            Waiting w = it.next();
            boolean free = true;
            for (Counter c : w.pass.counters) {
                if (c.policy.enforces() && c.inFlightCap() > 0 && (!c.inFlightFree() || c.heldBack == scan)) {
                    free = false;
                }
            }
            if (!free) {
                for (Counter c : w.pass.counters) {
                    c.heldBack = scan;
                }
                continue;
            }
            it.remove();
            dequeued(w);
            long at = now;
            Counter deciding = null;
            for (Counter c : w.pass.counters) {
                if (c.policy.enforces()) {
                    if (c.paused(now)) {
                        w.refusal = pauseRefusal(c, now);
                        deciding = c;
                        break;
                    }
                    long t = c.earliest(now);
                    if (t - at > 0) {
                        at = t;
                        deciding = c;
                    }
                }
            }
            if (w.refusal == null && at - w.deadlineNanos > 0) {
                w.refusal = limitRefusal(deciding, at, now);
            }
            if (w.refusal == null) {
                reserve(w.pass, at, w.requestBytes, true);
                w.atNanos = at;
            } else {
                deciding.policy.stats.refused++;
            }
            settled.add(w);
        }
    }

    void onResponse(CarrierPolicies carrier, PolicyPass pass, Object credential, String credentialLabel, int status,
                    HttpHeaders headers, String errorBody) {
        long responseBytes = pass == null || headers == null ? 0 : RequestKeys.contentLength(headers.first("content-length"));
        if (status == 429) {
            pause(carrier, pass, credential, credentialLabel, headers, errorBody);
        }
        if (pass != null) {
            release(pass, responseBytes);
        }
    }

    void release(PolicyPass pass, long responseBytes) {
        release(pass, responseBytes, true);
    }

    /** @param went whether the call may have reached the carrier (else it was refused or abandoned first) */
    void release(PolicyPass pass, long responseBytes, boolean went) {
        List<Waiting> settled = null;
        synchronized (context.lock) {
            long now = context.time.nanoTime();
            for (int i = 0; i < pass.counters.length; i++) {
                Counter c = pass.counters[i];
                if (pass.placeIds != null && pass.placeIds[i] != null) {
                    c.places.answered(pass.placeIds[i]);
                    pass.placeIds[i] = null;
                    if (c.places.contended) {
                        context.cluster.answeredWhileContended(c.places);
                    }
                }
                if (went) {
                    c.release(now);
                } else {
                    c.withdraw();
                }
                if (responseBytes > 0) {
                    c.policy.stats.bytes += responseBytes;
                    if (c.bytes != null) {
                        c.bytes.charge(now, responseBytes);
                    }
                }
            }
            if (!queue.isEmpty()) {
                settled = new ArrayList<>();
                grantQueued(now, settled);
            }
        }
        if (settled != null) {
            settled.forEach(s -> s.settled.complete(null));
        }
    }

    void pause(CarrierPolicies carrier, PolicyPass pass, Object credential, String credentialLabel,
               HttpHeaders headers, String errorBody) {
        TimeSource time = context.time;
        long nowMillis = time.currentTimeMillis();
        long nanos = RetryAfter.parseNanos(headers == null ? null : headers.first("retry-after"), nowMillis);
        String said = "Retry-After " + (nanos < 0 ? "" : headers.first("retry-after"));
        if (nanos < 0) {
            QuotaReset reset = QuotaReset.in(errorBody, nowMillis);
            nanos = reset == null ? -1 : reset.nanos();
            said = reset == null ? "no Retry-After; retry-after-default" : "its body says \"" + reset.said() + "\"";
        }
        if (nanos < 0) {
            nanos = carrier.defaultRetryAfterNanos();
        }
        List<String> announcements = new ArrayList<>(1);
        synchronized (context.lock) {
            long now = time.nanoTime();
            long until = now + nanos;
            long untilMillis = nowMillis + TimeUnit.NANOSECONDS.toMillis(nanos);
            if (pass != null && pass.enforcing) {
                StringBuilder paused = new StringBuilder();
                for (Counter c : pass.counters) {
                    if (c.policy.enforces() && (!c.paused(now) || until - c.pausedUntilNanos > 0)) {
                        boolean fresh = !c.paused(now);
                        c.pausedUntilNanos = until;
                        c.pausedUntilMillis = untilMillis;
                        if (c.places != null) {
                            announcements.add(PAUSE + " " + c.places.places.name() + " " + TimeUnit.NANOSECONDS.toMillis(nanos));
                        }
                        if (fresh) {
                            paused.append(paused.length() == 0 ? "" : ", ").append(c.policy.name())
                                    .append(c.policy.config().per() instanceof PolicyConfig.Per.Whole ? "" : " (" + c.label + ")");
                        }
                    }
                }
                if (paused.length() > 0) {
                    context.log.warn("{}: the carrier answered 429 ({}); policy {} paused until {}",
                            carrier.carrierId(), said, paused, Instant.ofEpochMilli(untilMillis));
                }
            } else {
                if (pauseCredential(carrier.carrierId(), credentialLabel, until, untilMillis, now)) {
                    context.log.warn("{}: the carrier answered 429 ({}); API calls of credential {} paused until {}",
                            carrier.carrierId(), said, credentialLabel, Instant.ofEpochMilli(untilMillis));
                }
                if (context.cluster != null && !RequestKeys.NONE.equals(credentialLabel)) {
                    announcements.add(CREDENTIAL_PAUSE + " " + carrier.carrierId() + " " + credentialLabel + " "
                            + TimeUnit.NANOSECONDS.toMillis(nanos));
                }
            }
        }
        for (String announcement : announcements) {
            context.cluster.announce(announcement);
        }
    }

    /** Under the lock; whether the credential's calls were not paused before. */
    private boolean pauseCredential(String carrierId, Object credentialLabel, long until, long untilMillis, long now) {
        Map<Object, long[]> pauses = credentialPauses.computeIfAbsent(carrierId, id -> new HashMap<>());
        long[] p = pauses.get(credentialLabel);
        boolean fresh = p == null || now - p[0] >= 0;
        if (p == null || until - p[0] > 0) {
            pauses.put(credentialLabel, new long[] {until, untilMillis});
        }
        anyCredentialPaused = true;
        return fresh;
    }

    private static final String PAUSE = "pause";
    private static final String CREDENTIAL_PAUSE = "credential-pause";

    /**
     * Another instance's announcement, on the store's thread: a counter or a credential it paused
     * after a carrier's 429 pauses here too, for what was left of its pause when it was sent (no
     * host's clock is read against another's); blocks go to {@link Blocks}.
     */
    void heard(String message) {
        String[] parts = message.split(" ");
        try {
            if (parts[0].equals(PAUSE) && parts.length == 3) {
                pausedElsewhere(parts[1], Long.parseLong(parts[2]));
            } else if (parts[0].equals(CREDENTIAL_PAUSE) && parts.length == 4 && carriers.containsKey(parts[1])) {
                long nanos = TimeUnit.MILLISECONDS.toNanos(Long.parseLong(parts[3]));
                synchronized (context.lock) {
                    long now = context.time.nanoTime();
                    long untilMillis = context.time.currentTimeMillis() + Long.parseLong(parts[3]);
                    if (pauseCredential(parts[1], parts[2], now + nanos, untilMillis, now)) {
                        context.log.warn("{}: another instance had a 429; API calls of credential {} paused here too"
                                + " until {}", parts[1], parts[2], Instant.ofEpochMilli(untilMillis));
                    }
                }
            } else {
                blocks.heard(parts);
            }
        } catch (RuntimeException notOurs) {
            context.log.debug("policies: an announcement not understood: {}", message);
        }
    }

    private void pausedElsewhere(String name, long millis) {
        synchronized (context.lock) {
            long now = context.time.nanoTime();
            long until = now + TimeUnit.MILLISECONDS.toNanos(millis);
            CounterPlaces places = context.cluster.byName(name);
            Counter c = places == null ? null : places.counter;
            if (c == null) {
                context.cluster.rememberPause(name, until, now);
                return;
            }
            if (!c.paused(now) || until - c.pausedUntilNanos > 0) {
                boolean fresh = !c.paused(now);
                c.pausedUntilNanos = until;
                c.pausedUntilMillis = context.time.currentTimeMillis() + millis;
                if (fresh) {
                    context.log.warn("{}: another instance had a 429; policy {} paused here too until {}",
                            c.policy.carrier(), c.policy.name() + (c.policy.config().per() instanceof PolicyConfig.Per.Whole
                                    ? "" : " (" + c.label + ")"), Instant.ofEpochMilli(c.pausedUntilMillis));
                }
            }
        }
    }

    /** Under the lock. */
    private PolicyRefusal credentialPause(CarrierPolicies carrier, String credentialLabel, long now) {
        if (!anyCredentialPaused) {
            return null;
        }
        Map<Object, long[]> pauses = credentialPauses.get(carrier.carrierId());
        long[] p = pauses == null ? null : pauses.get(credentialLabel);
        if (p == null) {
            return null;
        }
        if (now - p[0] >= 0) {
            pauses.remove(credentialLabel);
            anyCredentialPaused = credentialPauses.values().stream().anyMatch(m -> !m.isEmpty());
            return null;
        }
        return new PolicyRefusal(PolicyRefusal.Kind.PAUSE, "carrier 429",
                carrier.carrierId() + " answered 429 for credential " + credentialLabel + "; its calls wait until "
                        + Instant.ofEpochMilli(p[1]) + " (" + seconds(p[0] - now) + " s left)", p[0] - now, null);
    }

    private static PolicyRefusal pauseRefusal(Counter c, long now) {
        return new PolicyRefusal(PolicyRefusal.Kind.PAUSE, "policy " + c.policy.name(),
                "the carrier answered 429; paused until " + Instant.ofEpochMilli(c.pausedUntilMillis) + " ("
                        + seconds(c.pausedUntilNanos - now) + " s left)", c.pausedUntilNanos - now, null);
    }

    private static PolicyRefusal limitRefusal(Counter c, long at, long now) {
        PolicyConfig config = c.policy.config();
        RequestWindow window = c.decidingWindow(now);
        String limit = window != null ? "requests=" + window.band() : "bytes=" + config.bytes().bytes() + "/"
                + dev.tokenguard.core.config.Durations.format(config.bytes().period());
        String scope = config.per() instanceof PolicyConfig.Per.Whole ? "" : " for " + c.label;
        PolicyRefusal.RateLimit rateLimit = window == null ? null : new PolicyRefusal.RateLimit(config.name(),
                window.band().calls(), Math.max(1, window.band().period().toSeconds()), window.remaining(now),
                seconds(at - now));
        return new PolicyRefusal(PolicyRefusal.Kind.LIMIT, "policy " + config.name(),
                "over " + limit + scope + "; room in " + seconds(at - now) + " s, beyond max-wait "
                        + dev.tokenguard.core.config.Durations.format(config.maxWait()), at - now, rateLimit);
    }

    static PolicyRefusal clusterRefusal(Counter c, long roomNanos) {
        PolicyConfig config = c.policy.config();
        String scope = config.per() instanceof PolicyConfig.Per.Whole ? "" : " for " + c.label;
        RateBand band = config.requests().get(0);
        String limit = config.requests().stream().map(Object::toString).collect(java.util.stream.Collectors.joining(","));
        PolicyRefusal.RateLimit rateLimit = new PolicyRefusal.RateLimit(config.name(), band.calls(),
                Math.max(1, band.period().toSeconds()), 0, seconds(roomNanos));
        return new PolicyRefusal(PolicyRefusal.Kind.LIMIT, "policy " + config.name(),
                "over requests=" + limit + " across the cluster" + scope + "; room in " + seconds(roomNanos)
                        + " s, beyond max-wait " + dev.tokenguard.core.config.Durations.format(config.maxWait()),
                roomNanos, rateLimit);
    }

    private static PolicyRefusal inFlightRefusal(Counter c) {
        PolicyConfig config = c.policy.config();
        String scope = config.per() instanceof PolicyConfig.Per.Whole ? "" : " for " + c.label;
        return new PolicyRefusal(PolicyRefusal.Kind.LIMIT, "policy " + config.name(),
                c.inFlightLimit() + " reached" + scope + "; no place within max-wait "
                        + dev.tokenguard.core.config.Durations.format(config.maxWait()), TimeUnit.SECONDS.toNanos(1), null);
    }

    /** Whole seconds, rounded up: what {@code Retry-After} and the messages say. */
    static long seconds(long nanos) {
        long s = TimeUnit.SECONDS.toNanos(1);
        return Math.max(1, (nanos + s - 1) / s);
    }
}
