package dev.tokenguard.core.store;

import dev.tokenguard.core.broker.TokenStore;
import dev.tokenguard.core.config.RateBand;
import dev.tokenguard.core.killswitch.KillSwitch;
import dev.tokenguard.core.limit.TokenCallLimiter;
import java.util.List;

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

    /** Shares the kill-switch of {@code carrier} with the other instances. */
    void share(String carrier, KillSwitch killSwitch);

    /** Stops the store's threads and connections. Never throws. */
    @Override
    void close();
}
