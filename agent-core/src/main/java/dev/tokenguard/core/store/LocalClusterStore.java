package dev.tokenguard.core.store;

import dev.tokenguard.core.broker.TokenStore;
import dev.tokenguard.core.config.CarrierConfig;
import dev.tokenguard.core.config.RateBand;
import dev.tokenguard.core.events.EventLog;
import dev.tokenguard.core.killswitch.KillSwitch;
import dev.tokenguard.core.limit.LocalTokenCallLimiter;
import dev.tokenguard.core.limit.TokenCallLimiter;
import dev.tokenguard.core.policy.SharedCounters;
import dev.tokenguard.core.time.TimeSource;
import java.util.List;
import java.util.random.RandomGenerator;

/** {@code tokenguard.store=local}: this JVM keeps everything to itself. */
public final class LocalClusterStore implements ClusterStore {
    private final TimeSource time;
    private final TokenStore tokens = new LocalTokenStore();

    public LocalClusterStore(TimeSource time) {
        this.time = time;
    }

    @Override
    public TokenCallLimiter limiter(String quotaGroup, List<RateBand> bands) {
        return new LocalTokenCallLimiter(bands, time);
    }

    @Override
    public TokenStore tokens() {
        return tokens;
    }

    @Override
    public KillSwitch killSwitch(CarrierConfig carrier, TimeSource time, RandomGenerator random, EventLog events) {
        return new KillSwitch(carrier, time, random, events);
    }

    /** None: this JVM is the whole cluster, so every policy is counted per instance. */
    @Override
    public SharedCounters sharedCounters() {
        return null;
    }

    @Override
    public void close() {
        // nothing held
    }
}
