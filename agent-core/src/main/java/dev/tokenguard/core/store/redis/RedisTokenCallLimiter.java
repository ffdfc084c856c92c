package dev.tokenguard.core.store.redis;

import dev.tokenguard.core.config.RateBand;
import dev.tokenguard.core.limit.RateBands;
import dev.tokenguard.core.limit.TokenCallLimiter;
import io.github.bucket4j.BlockingStrategy;
import io.github.bucket4j.Bucket;
import java.util.List;

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
    private final List<RateBand> bands;
    private final Bucket shared;
    private final TokenCallLimiter fallback;
    private final RedisConnection redis;
    private final BlockingStrategy parking;

    RedisTokenCallLimiter(List<RateBand> bands, Bucket shared, TokenCallLimiter fallback, RedisConnection redis,
            BlockingStrategy parking) {
        this.bands = List.copyOf(bands);
        this.shared = shared;
        this.fallback = fallback;
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
