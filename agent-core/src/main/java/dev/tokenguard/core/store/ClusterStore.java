package dev.tokenguard.core.store;

import dev.tokenguard.core.broker.TokenStore;
import dev.tokenguard.core.config.CarrierConfig;
import dev.tokenguard.core.config.RateBand;
import dev.tokenguard.core.events.EventLog;
import dev.tokenguard.core.killswitch.KillSwitch;
import dev.tokenguard.core.limit.TokenCallLimiter;
import dev.tokenguard.core.policy.SharedCounters;
import dev.tokenguard.core.time.TimeSource;
import java.util.List;
import java.util.random.RandomGenerator;

/**
 * Where the state that the instances behind one address share lives ({@code tokenguard.store}):
 * the token-call limiter of each quota group, the tokens, and the kill-switch of each carrier. The
 * broker, limiter and kill-switch are the same in every store; a store only decides where their
 * state is kept: {@link LocalClusterStore} or {@link dev.tokenguard.core.store.redis.RedisClusterStore}.
 */
public interface ClusterStore extends AutoCloseable {

    /** The limiter of a quota group with these bands (none empty). */
    TokenCallLimiter limiter(String quotaGroup, List<RateBand> bands);

    /** Where the brokers share tokens. */
    TokenStore tokens();

    /**
     * The kill-switch of {@code carrier}: the same {@link KillSwitch} in every store, whose changes
     * reach the other instances where there are any. It runs on the guard's clock, {@code time},
     * which JMX reads its remaining time against.
     */
    KillSwitch killSwitch(CarrierConfig carrier, TimeSource time, RandomGenerator random, EventLog events);

    /**
     * Where cluster-scoped policies count their bands and announce blocks and pauses; null where
     * there is no cluster to share them with ({@link LocalClusterStore}), and policies stay per instance.
     */
    SharedCounters sharedCounters();

    /** Stops the store's threads and connections. Never throws. */
    @Override
    void close();
}
