package dev.tokenguard.core.guard;

import dev.tokenguard.core.broker.TokenBroker;
import dev.tokenguard.core.broker.TokenCaller;
import dev.tokenguard.core.config.CarrierConfig;
import dev.tokenguard.core.config.TokenguardConfig;
import dev.tokenguard.core.events.EventLog;
import dev.tokenguard.core.killswitch.KillSwitch;
import dev.tokenguard.core.limit.TokenCallLimiter;
import dev.tokenguard.core.policy.PolicyEngine;
import dev.tokenguard.core.config.StoreLocation;
import dev.tokenguard.core.store.ClusterStore;
import dev.tokenguard.core.store.LocalClusterStore;
import dev.tokenguard.core.store.redis.RedisClusterStore;
import dev.tokenguard.core.time.TimeSource;
import dev.tokenguard.core.transport.SocketTokenTransport;
import dev.tokenguard.core.transport.TokenTransport;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.random.RandomGenerator;
import org.slf4j.Logger;

/** Builds a {@link Tokenguard}; every part has a default, tests replace the clock and the carrier. */
public final class TokenguardBuilder {
    static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(5);
    /**
     * Renewals ahead of expiry and for callers that must not block: one per credential at a time, so
     * two threads go a long way.
     */
    private static final int RENEWAL_THREADS = 2;
    private static final int RENEWAL_QUEUE = 1024;

    private final TokenguardConfig config;
    private TokenTransport transport;
    private TimeSource time = TimeSource.system();
    private RandomGenerator random = () -> ThreadLocalRandom.current().nextLong();
    private Executor executor;
    /** Null for {@value EventLog#LOGGER_NAME}, looked up by {@link #build} only if no logger was given. */
    private Logger logger;
    private ClusterStore store;

    TokenguardBuilder(TokenguardConfig config) {
        this.config = Objects.requireNonNull(config, "config");
    }

    /** How real token calls are made; by default {@link SocketTokenTransport}. */
    public TokenguardBuilder transport(TokenTransport transport) {
        this.transport = Objects.requireNonNull(transport);
        return this;
    }

    public TokenguardBuilder timeSource(TimeSource time) {
        this.time = Objects.requireNonNull(time);
        return this;
    }

    /** Where the kill-switch draws its jitter. */
    public TokenguardBuilder random(RandomGenerator random) {
        this.random = Objects.requireNonNull(random);
        return this;
    }

    /**
     * Where renewals ahead of expiry run, and the renewals (or uncached token calls) of callers that
     * must not block ({@link Tokenguard#decideWithoutBlocking}). By default two daemon threads the
     * guard owns and stops on {@link Tokenguard#close()}; an executor given here stays the caller's.
     */
    public TokenguardBuilder executor(Executor executor) {
        this.executor = Objects.requireNonNull(executor);
        return this;
    }

    /** The logger events go to; by default {@value EventLog#LOGGER_NAME}. */
    public TokenguardBuilder logger(Logger logger) {
        this.logger = Objects.requireNonNull(logger);
        return this;
    }

    /**
     * Where tokens, limits and kill-switches are shared. By default the one the configuration's
     * {@code tokenguard.store} names, which the guard owns and closes; a store given here stays the
     * caller's.
     */
    public TokenguardBuilder clusterStore(ClusterStore store) {
        this.store = Objects.requireNonNull(store);
        return this;
    }

    public Tokenguard build() {
        Logger logger = this.logger == null ? EventLog.defaultLogger() : this.logger;
        ExecutorService owned = executor == null ? renewalThreads() : null;
        Executor renewals = executor == null ? owned : executor;
        TokenTransport calls = transport == null ? new SocketTokenTransport(DEFAULT_CONNECT_TIMEOUT) : transport;
        ClusterStore ownedStore = store == null ? openStore(logger) : null;
        ClusterStore shared = store == null ? ownedStore : store;
        Map<String, TokenCallLimiter> limiters = limitersByQuotaGroup(shared);
        Map<String, Duration> retryAfter = new LinkedHashMap<>();
        config.carriers().forEach(c -> retryAfter.put(c.id(), c.defaultRetryAfter()));
        PolicyEngine policies = new PolicyEngine(config.policies(), retryAfter, shared.sharedCounters(),
                config.clusterExpectedInstances(), time, logger);
        List<CarrierRuntime> carriers = new ArrayList<>();
        for (CarrierConfig carrier : config.carriers()) {
            EventLog events = new EventLog(carrier.id(), logger, time);
            KillSwitch killSwitch = shared.killSwitch(carrier, time, random, events);
            TokenCaller caller = new TokenCaller(carrier.id(), calls, limiters.get(QuotaGroups.of(carrier)), killSwitch, events,
                    time, carrier.tokenTimeout());
            TokenBroker broker = new TokenBroker(carrier, caller, events, time, renewals, shared.tokens());
            carriers.add(new CarrierRuntime(carrier, events, killSwitch, broker, time, policies.carrier(carrier.id())));
        }
        return new Tokenguard(config, carriers, limiters, policies, owned, ownedStore, logger);
    }

    /** The store the configuration names; a Redis store connects from its own threads, not here. */
    private ClusterStore openStore(Logger logger) {
        if (config.store() instanceof StoreLocation.RedisStore redis) {
            return new RedisClusterStore(redis, config.clusterName(), config.clusterExpectedInstances(), time, logger);
        }
        return new LocalClusterStore(time);
    }

    /**
     * One limiter per quota group, shared by the carriers that count against it; where they name
     * different bands, every band of every one applies.
     */
    private Map<String, TokenCallLimiter> limitersByQuotaGroup(ClusterStore store) {
        Map<String, TokenCallLimiter> limiters = new HashMap<>();
        QuotaGroups.bands(config.carriers()).forEach((group, bands) -> limiters.put(group,
                bands.isEmpty() ? TokenCallLimiter.unlimited() : store.limiter(group, bands)));
        return limiters;
    }

    private static ExecutorService renewalThreads() {
        AtomicInteger count = new AtomicInteger();
        ThreadPoolExecutor pool = new ThreadPoolExecutor(RENEWAL_THREADS, RENEWAL_THREADS, 30, TimeUnit.SECONDS,
                new LinkedBlockingQueue<>(RENEWAL_QUEUE), task -> {
                    Thread thread = new Thread(task, "tokenguard-renewal-" + count.incrementAndGet());
                    thread.setDaemon(true);
                    return thread;
                });
        pool.allowCoreThreadTimeOut(true);
        return pool;
    }
}
