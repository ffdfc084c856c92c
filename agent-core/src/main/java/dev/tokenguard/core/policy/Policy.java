package dev.tokenguard.core.policy;

import dev.tokenguard.core.config.Durations;
import dev.tokenguard.core.config.PolicyConfig;
import dev.tokenguard.core.http.OutboundRequest;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * One policy in force: its configuration, its counters (one per key of its {@code per}) and its
 * figures. Counters and figures are guarded by the engine's lock; {@link #enabled} is volatile so
 * that switching it off takes effect on the next call on every thread.
 */
final class Policy implements PolicyControl {
    /**
     * Counters one policy keeps at most: a {@code per=header:...} fed with ever new values must not
     * grow without bound. Further keys share one overflow counter, which errs towards fewer calls.
     */
    static final int MAX_COUNTERS = 10_000;
    private static final long SHADOW_LOG_NANOS = TimeUnit.SECONDS.toNanos(10);

    private final PolicyConfig config;
    private final EngineContext context;
    private volatile boolean enabled;
    final Map<Object, Counter> counters;
    /** The one counter of {@code per=policy}, once made: spares a map look-up on every call. */
    private Counter whole;
    final Stats stats;
    private long nextShadowLogNanos = Long.MIN_VALUE;
    private boolean shadowLogged;
    private long shadowSinceLog;

    /** Figures, carried over a reload that keeps the policy's name and limits. */
    static final class Stats {
        long matched;
        long admitted;
        long waited;
        long refused;
        long shadowRefused;
        long bytes;
    }

    Policy(PolicyConfig config, EngineContext context, Map<Object, Counter> counters, Stats stats) {
        this.config = config;
        this.context = context;
        this.enabled = config.enabled();
        this.counters = counters;
        this.stats = stats;
    }

    PolicyConfig config() {
        return config;
    }

    /** The cluster's store for cluster-scoped counters, or null where there is none. */
    ClusterPlaces cluster() {
        return context.cluster;
    }

    boolean enforces() {
        return config.mode() == PolicyConfig.Mode.ENFORCE && !context.observing;
    }

    boolean applies(OutboundRequest request) {
        return enabled && RequestKeys.matches(config.when(), request);
    }

    /**
     * The counter this request counts against; made on first sight of its key.
     *
     * @param credential the request's credential key ({@link RequestKeys#NONE} without a broker token)
     * @param credentialLabel the credential's fingerprint, for messages
     */
    Counter counter(OutboundRequest request, Object credential, String credentialLabel) {
        if (whole != null) {
            return whole;
        }
        Object key;
        String label;
        PolicyConfig.Per per = config.per();
        if (per instanceof PolicyConfig.Per.Whole) {
            key = RequestKeys.NONE;
            label = null;
        } else if (per instanceof PolicyConfig.Per.Credential) {
            key = credential;
            label = credentialLabel;
        } else if (per instanceof PolicyConfig.Per.Header h) {
            String value = request.headers().first(h.name());
            key = value == null ? RequestKeys.NONE : value;
            label = null;
        } else if (per instanceof PolicyConfig.Per.Query q) {
            String value = RequestKeys.query(request, q.name());
            key = value == null ? RequestKeys.NONE : value;
            label = null;
        } else {
            key = RequestKeys.pathPrefix(request, ((PolicyConfig.Per.PathPrefix) per).segments());
            label = null;
        }
        Counter counter = counters.get(key);
        if (counter == null) {
            if (counters.size() >= MAX_COUNTERS) {
                key = Overflow.KEY;
                counter = counters.get(key);
            }
            if (counter == null) {
                counter = new Counter(this, label != null ? label : key.toString(), context.nextCounterId(), new Counter.InFlight());
                counters.put(key, counter);
                if (counter.places != null) {
                    long now = context.time.nanoTime();
                    long until = context.cluster.earlyPause(counter.places.places.name(), now);
                    if (until != 0) {
                        counter.pausedUntilNanos = until;
                        counter.pausedUntilMillis = context.time.currentTimeMillis() + TimeUnit.NANOSECONDS.toMillis(until - now);
                    }
                }
            }
        }
        if (per instanceof PolicyConfig.Per.Whole) {
            whole = counter;
        }
        return counter;
    }

    /** The key of the counter shared by keys beyond {@link #MAX_COUNTERS}. */
    enum Overflow { KEY }

    /** Counts a call shadow mode would have refused, and logs it at most once per policy every 10 s. */
    void shadowRefused(long now, String why) {
        stats.shadowRefused++;
        shadowSinceLog++;
        if (!shadowLogged || now - nextShadowLogNanos >= 0) {
            context.log.warn("policy {} (shadow): would have refused {} call{} since its last line; the last: {}",
                    config.name(), shadowSinceLog, shadowSinceLog == 1 ? "" : "s", why);
            shadowLogged = true;
            shadowSinceLog = 0;
            nextShadowLogNanos = now + SHADOW_LOG_NANOS;
        }
    }

    @Override
    public String name() {
        return config.name();
    }

    @Override
    public String carrier() {
        return config.carrier();
    }

    @Override
    public String describe() {
        return describe(config);
    }

    @Override
    public String mode() {
        return config.action() == PolicyConfig.Action.BLOCK ? "block" : config.mode().name().toLowerCase(Locale.ROOT);
    }

    static String describe(PolicyConfig c) {
        StringBuilder b = new StringBuilder("carrier=").append(c.carrier());
        PolicyConfig.Conditions when = c.when();
        if (!when.methods().isEmpty()) {
            b.append(" when.method=").append(String.join(",", new java.util.TreeSet<>(when.methods())));
        }
        if (!when.paths().isEmpty()) {
            b.append(" when.path=").append(when.paths().stream().map(Object::toString).collect(Collectors.joining(",")));
        }
        new java.util.TreeMap<>(when.headers()).forEach((k, v) -> b.append(" when.header.").append(k).append('=').append(v));
        new java.util.TreeMap<>(when.query()).forEach((k, v) -> b.append(" when.query.").append(k).append('=').append(v));
        if (when.not()) {
            b.append(" when.not=true");
        }
        b.append(" per=").append(per(c.per()));
        if (c.action() == PolicyConfig.Action.BLOCK) {
            b.append(" action=block");
        }
        if (!c.requests().isEmpty()) {
            b.append(" requests=").append(c.requests().stream().map(Object::toString).collect(Collectors.joining(",")));
        }
        if (c.bytes() != null) {
            b.append(" bytes=").append(c.bytes().bytes()).append('/').append(Durations.format(c.bytes().period()));
        }
        if (c.inFlight() > 0) {
            b.append(" in-flight=").append(c.inFlight());
        }
        b.append(" max-wait=").append(Durations.format(c.maxWait()));
        if (c.action() == PolicyConfig.Action.LIMIT && !c.requests().isEmpty()) {
            b.append(" scope=").append(c.scope().name().toLowerCase(Locale.ROOT));
            if (c.scope() == PolicyConfig.Scope.CLUSTER) {
                b.append(" sync=").append(c.sync().name().toLowerCase(Locale.ROOT));
            }
        }
        b.append(" mode=").append(c.mode().name().toLowerCase(Locale.ROOT));
        if (!c.enabled()) {
            b.append(" enabled=false");
        }
        return b.toString();
    }

    private static String per(PolicyConfig.Per per) {
        if (per instanceof PolicyConfig.Per.Credential) {
            return "credential";
        } else if (per instanceof PolicyConfig.Per.Header h) {
            return "header:" + h.name();
        } else if (per instanceof PolicyConfig.Per.Query q) {
            return "query:" + q.name();
        } else if (per instanceof PolicyConfig.Per.PathPrefix p) {
            return "path:" + p.segments();
        }
        return "policy";
    }

    @Override
    public boolean enabled() {
        return enabled;
    }

    @Override
    public void setEnabled(boolean enabled) {
        this.enabled = enabled;
    }

    @Override
    public PolicyStats stats() {
        synchronized (context.lock) {
            int inFlight = 0;
            long pausedUntil = 0;
            long now = context.time.nanoTime();
            for (Counter c : counters.values()) {
                inFlight += c.inFlight.count;
                if (c.paused(now)) {
                    pausedUntil = Math.max(pausedUntil, c.pausedUntilMillis);
                }
            }
            return new PolicyStats(stats.matched, stats.admitted, stats.waited, stats.refused, stats.shadowRefused,
                    stats.bytes, inFlight, pausedUntil);
        }
    }

    /** Whether a reload may carry this policy's counters over to {@code next}: same name, same limits. */
    boolean sameLimits(PolicyConfig next) {
        return config.name().equals(next.name()) && config.requests().equals(next.requests())
                && config.scope() == next.scope() && config.sync() == next.sync()
                && java.util.Objects.equals(config.bytes(), next.bytes()) && config.inFlight() == next.inFlight()
                && config.per().equals(next.per());
    }

    static Map<Object, Counter> newCounters() {
        return new HashMap<>();
    }
}
