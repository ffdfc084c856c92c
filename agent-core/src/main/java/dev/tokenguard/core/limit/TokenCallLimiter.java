package dev.tokenguard.core.limit;

import dev.tokenguard.core.config.RateBand;
import java.util.List;

/**
 * Admits real token calls of one quota group (what a carrier's thresholds count against: by default
 * its token host, since FedEx counts per public IP address over every credential behind it).
 *
 * <p>{@link LocalTokenCallLimiter} counts the calls of this JVM; in cluster mode one bucket in
 * Redis counts those of every instance behind the address
 * ({@code dev.tokenguard.core.store.redis.RedisTokenCallLimiter}), built from the same
 * {@link RateBands#toBucketConfiguration bucket configuration}.
 */
public interface TokenCallLimiter {

    /**
     * Takes one permit, waiting at most {@code maxWaitNanos} for it. Never throws; an interrupted
     * wait is a refusal with the thread's interrupt status set again.
     */
    Permit acquire(long maxWaitNanos);

    /**
     * The call of a permit this limiter granted left {@code lagNanos} after the grant: charges the lag
     * ({@link RateBands#lateDepartureUnits}), so that the next permits keep the bands' spacing from
     * when the call actually left. Called on whatever thread sends the call; never throws.
     */
    void departedLate(long lagNanos);

    /**
     * Puts reloaded {@code token-rate} bands in force: the permits already taken count against them
     * (a call admitted a moment ago still spaces the next one), none is handed out twice.
     *
     * @throws UnsupportedOperationException for the unlimited limiter, which has no bucket to change
     *                                       (a carrier that starts without bands keeps none until a restart)
     */
    void reconfigure(List<RateBand> bands);

    /** A limiter that admits every call: for a carrier configured with no token-rate bands. */
    static TokenCallLimiter unlimited() {
        return new TokenCallLimiter() {
            @Override
            public Permit acquire(long maxWaitNanos) {
                return Permit.GRANTED;
            }

            @Override
            public void departedLate(long lagNanos) {
                // nothing counted, nothing to charge
            }

            @Override
            public void reconfigure(List<RateBand> bands) {
                throw new UnsupportedOperationException("an unlimited token-call limiter takes no bands");
            }
        };
    }

    /**
     * @param retryAfterNanos when refused, how long until a permit would be free (a hint for the
     *                        refusal's {@code Retry-After})
     */
    record Permit(boolean granted, long retryAfterNanos) {
        public static final Permit GRANTED = new Permit(true, 0);

        public static Permit refused(long retryAfterNanos) {
            return new Permit(false, Math.max(0, retryAfterNanos));
        }
    }
}
