package dev.tokenguard.core.limit;

import dev.tokenguard.core.config.RateBand;
import dev.tokenguard.core.time.TimeSource;
import io.github.bucket4j.Bandwidth;
import io.github.bucket4j.BlockingStrategy;
import io.github.bucket4j.Bucket;
import io.github.bucket4j.TimeMeter;
import io.github.bucket4j.TokensInheritanceStrategy;
import io.github.bucket4j.local.LocalBucketBuilder;
import java.util.List;

/**
 * The token-call limiter of one quota group inside this JVM: a lock-free Bucket4j bucket whose
 * clock and parking both go through the {@link TimeSource}, so a test's fake clock drives it.
 *
 * <p>Waiting uses Bucket4j's reservation: a caller that can have a permit within its wait reserves
 * it at once (the bucket goes into debt) and then parks. Callers queue in arrival order and a permit
 * is never handed out twice, however many wait; a caller whose permit lies further away than its
 * wait reserves nothing and is refused at once.
 */
public final class LocalTokenCallLimiter implements TokenCallLimiter {
    private volatile List<RateBand> bands;
    private final Bucket bucket;
    private final BlockingStrategy parking;

    public LocalTokenCallLimiter(List<RateBand> bands, TimeSource time) {
        this.bands = List.copyOf(bands);
        // Bucket4j compares readings directly, so hand it a clock that starts at zero: a fake clock
        // (or System.nanoTime) may start anywhere, even next to overflow.
        long origin = time.nanoTime();
        TimeMeter meter = new TimeMeter() {
            @Override
            public long currentTimeNanos() {
                return time.nanoTime() - origin;
            }

            @Override
            public boolean isWallClockBased() {
                return false;
            }
        };
        LocalBucketBuilder builder = Bucket.builder().withCustomTimePrecision(meter);
        for (Bandwidth bandwidth : RateBands.toBucketConfiguration(bands).getBandwidths()) {
            builder.addLimit(bandwidth);
        }
        this.bucket = builder.build();
        this.parking = time::sleep;
    }

    @Override
    public Permit acquire(long maxWaitNanos) {
        try {
            // Bucket4j's blocking form insists on a positive wait; without one it is a plain try.
            boolean granted = maxWaitNanos > 0
                    ? bucket.asBlocking().tryConsume(RateBands.UNITS_PER_CALL, maxWaitNanos, parking)
                    : bucket.tryConsume(RateBands.UNITS_PER_CALL);
            if (granted) {
                return Permit.GRANTED;
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return Permit.refused(bucket.estimateAbilityToConsume(RateBands.UNITS_PER_CALL).getNanosToWaitForRefill());
    }

    @Override
    public void reconfigure(List<RateBand> bands) {
        // AS_IS: the tokens left carry over (capped at a smaller capacity), so the calls admitted
        // before the reload still count.
        bucket.replaceConfiguration(RateBands.toBucketConfiguration(bands), TokensInheritanceStrategy.AS_IS);
        this.bands = List.copyOf(bands);
    }

    @Override
    public void departedLate(long lagNanos) {
        long units = RateBands.lateDepartureUnits(bands, lagNanos);
        if (units > 0) {
            // Debt, like a reservation: whoever asks next waits for it to be paid back.
            bucket.consumeIgnoringRateLimits(units);
        }
    }
}
