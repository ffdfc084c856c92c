package dev.tokenguard.core.limit;

import dev.tokenguard.core.config.RateBand;
import io.github.bucket4j.BucketConfiguration;
import io.github.bucket4j.ConfigurationBuilder;
import java.math.BigInteger;
import java.time.Duration;
import java.util.List;

/**
 * Turns {@code token-rate} bands into a Bucket4j configuration: the one core every limiter store
 * (this JVM's bucket, or the cluster's in Redis) builds its bucket from.
 *
 * <p>Each band {@code n/P} becomes a bandwidth of capacity {@code n} refilled greedily at {@code n}
 * per {@code P}. In any window of length {@code W} the band then admits at most
 * {@code n + n*W/P} calls: the full bucket once, then the refill rate. Greedy refill adds a permit
 * every {@code P/n}; interval refill would add all {@code n} at once at each period boundary, so
 * {@code 2n} calls could fall within milliseconds around a boundary. Greedy is the tighter of the
 * two for every window length, which is what a carrier's threshold measures.
 *
 * <p>Worked for FedEx's preset {@code 1/1s,30/2m}: the burst rule (3 calls a second for 5 s) needs
 * 15 calls within 5 s, and the {@code 1/1s} band admits at most {@code 1 + 5 = 6}; the average rule
 * (1 a second for 2 minutes) needs 120 within 2 minutes, and the {@code 30/2m} band admits at most
 * {@code 30 + 30 = 60}, after its first burst one every 4 s. Instances behind one address add up
 * these bounds, which is why the preset leaves room for more than one, and why cluster mode keeps
 * one bucket for all of them.
 *
 * <p>A bucket counts a call when its permit is granted, but the carrier counts it when it arrives:
 * a call that leaves late (the first one, building its HTTP client and connection) would let the
 * next permit come less than the bands' spacing after it. The bucket counts in
 * {@link #UNITS_PER_CALL}ths of a call so that such a lag can be charged
 * ({@link #lateDepartureUnits}) as debt. For one band of rate {@code r} and a permit granted at
 * {@code G} to a call leaving at {@code S}, the bucket holds at most {@code min(1, r (S - G))} calls
 * more than had the permit been taken at {@code S} (exactly that when it was full at {@code G}, less
 * when the refill was not capped); charging that for the fastest band restores the spacing and
 * charges the slower bands at most one call too many, which errs towards fewer calls.
 */
public final class RateBands {
    /** How many bucket units one call takes: a lag is charged to a thousandth of a call. */
    public static final long UNITS_PER_CALL = 1000;
    /**
     * A band admits at most this many calls per period in the bucket: far beyond any token endpoint,
     * and small enough that units times Bucket4j's refill arithmetic stay within a long.
     */
    static final long MAX_CALLS_PER_BAND = 1_000_000_000L;

    private RateBands() {}

    public static BucketConfiguration toBucketConfiguration(List<RateBand> bands) {
        if (bands.isEmpty()) {
            throw new IllegalArgumentException("no token-rate bands");
        }
        ConfigurationBuilder builder = BucketConfiguration.builder();
        for (int i = 0; i < bands.size(); i++) {
            RateBand band = bands.get(i);
            long units = Math.min(band.calls(), MAX_CALLS_PER_BAND) * UNITS_PER_CALL;
            // Named by position: a reload that changes the bands (replaceConfiguration) carries each
            // band's tokens over to the band in its place; one added by the reload starts full.
            String id = "band-" + i;
            builder.addLimit(limit -> limit.capacity(units).refillGreedy(units, band.period()).id(id));
        }
        return builder.build();
    }

    /**
     * The units to charge for a call that left {@code lagNanos} after its permit was granted: the
     * fastest band's refill over the lag, rounded up, at most one call's worth (see the class
     * comment).
     */
    public static long lateDepartureUnits(List<RateBand> bands, long lagNanos) {
        if (lagNanos <= 0) {
            return 0;
        }
        BigInteger most = BigInteger.ZERO;
        for (RateBand band : bands) {
            BigInteger[] refill = BigInteger.valueOf(lagNanos)
                    .multiply(BigInteger.valueOf(Math.min(band.calls(), MAX_CALLS_PER_BAND)))
                    .multiply(BigInteger.valueOf(UNITS_PER_CALL))
                    .divideAndRemainder(BigInteger.valueOf(Math.max(1, band.period().toNanos())));
            most = most.max(refill[1].signum() == 0 ? refill[0] : refill[0].add(BigInteger.ONE));
        }
        return most.min(BigInteger.valueOf(UNITS_PER_CALL)).longValueExact();
    }

    /**
     * One instance's share of the bands, for when the instances cannot share a bucket and each
     * limits itself: {@code instances} such shares together admit no more than the bands.
     *
     * <p>Band {@code n/P} becomes {@code c/P'} with {@code c = max(1, floor(n / instances))} and
     * {@code P' = ceil(P * instances * c / n)}. Its rate {@code c/P'} is at most {@code n/(P *
     * instances)}, rounded towards fewer calls; its burst {@code c} is at most {@code n / instances}
     * too, except that a band cannot hold less than one call: {@code 1/1s} shared by two is
     * {@code 1/2s}, and two such instances can still make one call each at the same moment.
     * FedEx's {@code 1/1s,30/2m} shared by 2 is {@code 1/2s,15/2m}; by 4, {@code 1/4s,7/1m52s}.
     */
    public static List<RateBand> share(List<RateBand> bands, int instances) {
        if (instances < 1) {
            throw new IllegalArgumentException("instances must be at least 1, got " + instances);
        }
        return bands.stream().map(band -> {
            long calls = Math.max(1, band.calls() / instances);
            BigInteger[] quotient = BigInteger.valueOf(band.period().toNanos())
                    .multiply(BigInteger.valueOf(instances)).multiply(BigInteger.valueOf(calls))
                    .divideAndRemainder(BigInteger.valueOf(band.calls()));
            BigInteger nanos = quotient[1].signum() == 0 ? quotient[0] : quotient[0].add(BigInteger.ONE);
            return new RateBand(calls, Duration.ofNanos(nanos.min(BigInteger.valueOf(Long.MAX_VALUE)).longValueExact()));
        }).toList();
    }
}
