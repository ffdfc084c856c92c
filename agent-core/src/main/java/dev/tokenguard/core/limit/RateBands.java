package dev.tokenguard.core.limit;

import dev.tokenguard.core.config.RateBand;
import io.github.bucket4j.BucketConfiguration;
import io.github.bucket4j.ConfigurationBuilder;
import java.util.List;

/**
 * Turns {@code token-rate} bands into a Bucket4j configuration: the one core every limiter store
 * (this JVM's bucket now, a shared one later) builds its bucket from.
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
 * these bounds, which is why the preset leaves room for more than one.
 */
public final class RateBands {
    private RateBands() {}

    public static BucketConfiguration toBucketConfiguration(List<RateBand> bands) {
        if (bands.isEmpty()) {
            throw new IllegalArgumentException("no token-rate bands");
        }
        ConfigurationBuilder builder = BucketConfiguration.builder();
        for (RateBand band : bands) {
            builder.addLimit(limit -> limit.capacity(band.calls()).refillGreedy(band.calls(), band.period()));
        }
        return builder.build();
    }
}
