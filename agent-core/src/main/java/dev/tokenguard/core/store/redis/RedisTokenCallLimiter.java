package dev.tokenguard.core.store.redis;

import dev.tokenguard.core.config.RateBand;
import dev.tokenguard.core.limit.RateBands;
import dev.tokenguard.core.limit.TokenCallLimiter;
import io.github.bucket4j.BlockingStrategy;
import io.github.bucket4j.Bucket;
import io.github.bucket4j.BucketConfiguration;
import io.github.bucket4j.TokensInheritanceStrategy;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The token-call limiter of one quota group for the whole cluster: one Bucket4j bucket in Redis,
 * configured by {@link dev.tokenguard.core.limit.RateBands} exactly as a JVM's own, so ten
 * instances together stay within the bands. Waiting works as in
 * {@link dev.tokenguard.core.limit.LocalTokenCallLimiter}: a permit within the wait is reserved in
 * Redis at once, then this thread parks.
 *
 * <p>While Redis is unreachable every instance takes its permits from {@code fallback}, a bucket of
 * its own holding its share of the bands ({@link dev.tokenguard.core.limit.RateBands#share}), so
 * that the cluster stays within them without coordinating. The fallback bucket lives as long as
 * the limiter, and is charged with the permits the instance takes from the shared bucket too: an
 * instance whose Redis flaps or fails over does not get a fresh share on every outage.
 */
final class RedisTokenCallLimiter implements TokenCallLimiter {
    private volatile List<RateBand> bands;
    /** What the bucket is created with when Redis has none (first use, or expired): the latest bands. */
    private final AtomicReference<BucketConfiguration> configuration;
    private final Bucket shared;
    private final TokenCallLimiter fallback;
    private final int expectedInstances;
    private final RedisConnection redis;
    private final BlockingStrategy parking;

    /**
     * @param configuration the configuration {@code shared} is built with when missing in Redis; this
     *                      limiter replaces it on a reload
     * @param fallback      a bucket holding this instance's share of the bands, of {@code expectedInstances}
     */
    RedisTokenCallLimiter(List<RateBand> bands, AtomicReference<BucketConfiguration> configuration, Bucket shared,
            TokenCallLimiter fallback, int expectedInstances, RedisConnection redis, BlockingStrategy parking) {
        this.bands = List.copyOf(bands);
        this.configuration = configuration;
        this.shared = shared;
        this.fallback = fallback;
        this.expectedInstances = expectedInstances;
        this.redis = redis;
        this.parking = parking;
    }

    @Override
    public Permit acquire(long maxWaitNanos) {
        if (redis.available()) {
            try {
                // Bucket4j's blocking form insists on a positive wait; without one it is a plain try.
                boolean granted = maxWaitNanos > 0
                        ? shared.asBlocking().tryConsume(RateBands.UNITS_PER_CALL, maxWaitNanos, parking)
                        : shared.tryConsume(RateBands.UNITS_PER_CALL);
                if (granted) {
                    // Counted against this instance's share too, so that when Redis fails right after
                    // (a failover), the instance that just made the cluster's call does not make
                    // another at once in local mode: in any second the carrier then sees at most the
                    // cluster's call plus the other instances' shares, never this one twice.
                    fallback.acquire(0);
                    return Permit.GRANTED;
                }
                return Permit.refused(shared.estimateAbilityToConsume(RateBands.UNITS_PER_CALL).getNanosToWaitForRefill());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return Permit.refused(0);
            } catch (RuntimeException e) {
                redis.failed(e);
            }
        }
        return fallback.acquire(maxWaitNanos);
    }

    /**
     * Changes the cluster's bucket as well as this instance's share: every instance reads the same
     * file, and the first to reload changes the bucket for all. With Redis away, the bucket in Redis
     * takes the bands when it is next created or when this instance reloads again.
     */
    @Override
    public void reconfigure(List<RateBand> bands) {
        BucketConfiguration next = RateBands.toBucketConfiguration(bands);
        configuration.set(next);
        fallback.reconfigure(RateBands.share(bands, expectedInstances));
        this.bands = List.copyOf(bands);
        if (redis.available()) {
            try {
                shared.replaceConfiguration(next, TokensInheritanceStrategy.AS_IS);
            } catch (RuntimeException e) {
                redis.failed(e);
            }
        }
    }

    /**
     * Charged where the permit most likely came from: the shared bucket while Redis is reachable,
     * else this instance's share (a permit from one charged to the other errs towards fewer calls).
     */
    @Override
    public void departedLate(long lagNanos) {
        long units = RateBands.lateDepartureUnits(bands, lagNanos);
        if (units <= 0) {
            return;
        }
        if (redis.available()) {
            try {
                shared.consumeIgnoringRateLimits(units);
                return;
            } catch (RuntimeException e) {
                redis.failed(e);
            }
        }
        fallback.departedLate(lagNanos);
    }
}
