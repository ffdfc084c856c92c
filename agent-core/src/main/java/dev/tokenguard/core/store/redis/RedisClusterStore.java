package dev.tokenguard.core.store.redis;

import dev.tokenguard.core.broker.TokenStore;
import dev.tokenguard.core.config.CarrierConfig;
import dev.tokenguard.core.config.RateBand;
import dev.tokenguard.core.config.StoreLocation;
import dev.tokenguard.core.events.EventLog;
import dev.tokenguard.core.killswitch.KillSwitch;
import dev.tokenguard.core.limit.LocalTokenCallLimiter;
import dev.tokenguard.core.limit.RateBands;
import dev.tokenguard.core.limit.TokenCallLimiter;
import dev.tokenguard.core.policy.SharedCounters;
import dev.tokenguard.core.store.ClusterStore;
import dev.tokenguard.core.time.TimeSource;
import io.github.bucket4j.BucketConfiguration;
import io.github.bucket4j.TimeMeter;
import io.github.bucket4j.distributed.ExpirationAfterWriteStrategy;
import io.github.bucket4j.distributed.proxy.ProxyManager;
import io.github.bucket4j.distributed.serialization.Mapper;
import io.github.bucket4j.redis.jedis.Bucket4jJedis;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.random.RandomGenerator;
import org.slf4j.Logger;

/**
 * {@code tokenguard.store=redis://...} or {@code redis-sentinel://...}: tokens ({@link RedisTokenStore}), limiter buckets
 * ({@link RedisTokenCallLimiter}), kill-switches ({@link RedisKillSwitches}) and the places of
 * cluster-scoped policies ({@link RedisSharedCounters}) shared by every instance naming the same Redis
 * and cluster, over one {@link RedisConnection}.
 *
 * <p>Each instance has an id, {@code pid<pid>-<random>}, that names it in leases and messages; the
 * pid is there for the operator reading a lease, the random part because pids repeat across hosts.
 */
public final class RedisClusterStore implements ClusterStore {
    /** How long a full bucket is kept in Redis after its last use: it is rebuilt full anyway. */
    private static final Duration BUCKET_KEPT = Duration.ofSeconds(10);

    private final RedisConnection redis;
    private final RedisKeys keys;
    private final RedisTokenStore tokens;
    private final RedisKillSwitches killSwitches;
    private final RedisSharedCounters sharedCounters;
    private final ProxyManager<String> buckets;
    private final TimeSource time;
    private final int expectedInstances;

    public RedisClusterStore(StoreLocation.RedisStore location, String clusterName, int expectedInstances, TimeSource time,
            Logger log) {
        this(location, clusterName, expectedInstances, time, log, RedisTokenStore.LEASE_TTL);
    }

    /** @param leaseTtl how long a dead holder keeps the renewal lease; tests shorten it */
    public RedisClusterStore(StoreLocation.RedisStore location, String clusterName, int expectedInstances, TimeSource time,
            Logger log, Duration leaseTtl) {
        this.time = time;
        this.expectedInstances = expectedInstances;
        this.keys = RedisKeys.of(clusterName);
        String instance = "pid" + ProcessHandle.current().pid() + "-"
                + HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextInt());
        this.redis = new RedisConnection(location, log, expectedInstances);
        this.tokens = new RedisTokenStore(redis, keys, instance, leaseTtl, log);
        this.killSwitches = new RedisKillSwitches(redis, keys, instance, log);
        this.sharedCounters = new RedisSharedCounters(redis, keys, instance, log);
        // Bucket4j's state holds timestamps every instance reads: a wall clock, so hosts need NTP.
        TimeMeter wallClock = new TimeMeter() {
            @Override
            public long currentTimeNanos() {
                return TimeUnit.MILLISECONDS.toNanos(time.currentTimeMillis());
            }

            @Override
            public boolean isWallClockBased() {
                return true;
            }
        };
        this.buckets = Bucket4jJedis.casBasedBuilder(redis.client())
                .keyMapper(Mapper.STRING)
                .clientClock(wallClock)
                .expirationAfterWrite(ExpirationAfterWriteStrategy.basedOnTimeForRefillingBucketUpToMax(BUCKET_KEPT))
                .build();
        redis.start();
    }

    @Override
    public TokenCallLimiter limiter(String quotaGroup, List<RateBand> bands) {
        AtomicReference<BucketConfiguration> configuration = new AtomicReference<>(RateBands.toBucketConfiguration(bands));
        return new RedisTokenCallLimiter(bands, configuration,
                buckets.builder().build(keys.limit(quotaGroup), configuration::get),
                new LocalTokenCallLimiter(RateBands.share(bands, expectedInstances), time), expectedInstances,
                redis, time::sleep);
    }

    @Override
    public TokenStore tokens() {
        return tokens;
    }

    @Override
    public KillSwitch killSwitch(CarrierConfig carrier, TimeSource time, RandomGenerator random, EventLog events) {
        return killSwitches.killSwitch(carrier, time, random, events);
    }

    @Override
    public SharedCounters sharedCounters() {
        return sharedCounters;
    }

    @Override
    public void close() {
        redis.close();
    }
}
