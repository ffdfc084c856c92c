package dev.tokenguard.core.limit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tokenguard.core.config.RateBand;
import java.math.BigInteger;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** An instance's share of the bands while the cluster cannot share its bucket. */
class RateBandsShareTest {

    private static RateBand band(long calls, Duration period) {
        return new RateBand(calls, period);
    }

    @Test
    void fedexPresetSharedByTwo() {
        assertEquals(List.of(band(1, Duration.ofSeconds(2)), band(15, Duration.ofMinutes(2))),
                RateBands.share(List.of(band(1, Duration.ofSeconds(1)), band(30, Duration.ofMinutes(2))), 2));
    }

    @Test
    void fedexPresetSharedByFourRoundsTowardsFewerCalls() {
        assertEquals(List.of(band(1, Duration.ofSeconds(4)), band(7, Duration.ofSeconds(112))),
                RateBands.share(List.of(band(1, Duration.ofSeconds(1)), band(30, Duration.ofMinutes(2))), 4));
    }

    @Test
    void oneInstanceKeepsTheBands() {
        List<RateBand> bands = List.of(band(3, Duration.ofSeconds(1)), band(30, Duration.ofMinutes(2)));
        assertEquals(bands, RateBands.share(bands, 1));
    }

    @Test
    void aBandNeverHoldsLessThanOneCall() {
        assertEquals(List.of(band(1, Duration.ofMinutes(10))), RateBands.share(List.of(band(1, Duration.ofMinutes(1))), 10));
    }

    @Test
    void noShareEverAdmitsMoreThanItsPartOfTheRate() {
        for (long calls = 1; calls <= 50; calls++) {
            for (int instances = 1; instances <= 12; instances++) {
                RateBand band = band(calls, Duration.ofMillis(1_000 + calls * 7));
                RateBand share = RateBands.share(List.of(band), instances).get(0);
                // share.calls / share.period <= band.calls / (band.period * instances)
                BigInteger left = BigInteger.valueOf(share.calls()).multiply(BigInteger.valueOf(band.period().toNanos()))
                        .multiply(BigInteger.valueOf(instances));
                BigInteger right = BigInteger.valueOf(band.calls()).multiply(BigInteger.valueOf(share.period().toNanos()));
                assertTrue(left.compareTo(right) <= 0, band + " by " + instances + " gave " + share);
                assertTrue(share.calls() * instances <= Math.max(band.calls(), instances),
                        band + " by " + instances + " gave a burst of " + share.calls());
            }
        }
    }

    @Test
    void noInstancesIsAnError() {
        assertThrows(IllegalArgumentException.class, () -> RateBands.share(List.of(band(1, Duration.ofSeconds(1))), 0));
    }
}
