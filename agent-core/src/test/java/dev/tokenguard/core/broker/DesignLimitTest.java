package dev.tokenguard.core.broker;

import static dev.tokenguard.core.testing.Requests.fedexApi;
import static dev.tokenguard.core.testing.Requests.fedexToken;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import dev.tokenguard.core.config.Attach;
import dev.tokenguard.core.http.Decision;
import dev.tokenguard.core.testing.Harness;
import dev.tokenguard.core.testing.TestCarriers;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * The design limit: one real token call per credential per (lifetime - refresh-ahead), plus the
 * first. Exact here, not within one: a renewal starts at the first request in the STALE window, and
 * the steps are chosen to land on its start, so the n-th call is at n * (lifetime - refresh-ahead).
 */
class DesignLimitTest {

    private static void simulate(Harness h, Duration total, Duration step, int callersPerStep) {
        for (Duration t = Duration.ZERO; t.compareTo(total) <= 0; t = t.plus(step)) {
            h.clock.setElapsed(t);
            for (int i = 0; i < callersPerStep; i++) {
                if (i % 5 == 0) {
                    assertInstanceOf(Decision.Answer.class, h.decide(fedexToken("id", "secret")));
                } else {
                    assertInstanceOf(Decision.Proceed.class, h.decide(fedexApi(null)));
                }
            }
        }
    }

    @Test
    void aFedexHourTokenThroughThreeHoursOfTraffic() {
        try (Harness h = new Harness(3599, TestCarriers.fedex().attach(Attach.MISSING).build())) {
            h.executor.direct(true);
            simulate(h, Duration.ofHours(3), Duration.ofSeconds(1), 10);
            // lifetime 3599 s, refresh-ahead min(5 min, 359.9 s) = 300 s: 1 + floor(10800 / 3299) = 4
            assertEquals(4, h.carrier.calls());
        }
    }

    @Test
    void aOneMinuteTokenThroughHalfAnHourOfTraffic() {
        try (Harness h = new Harness(60, TestCarriers.fedex().attach(Attach.MISSING).build())) {
            h.executor.direct(true);
            simulate(h, Duration.ofMinutes(30), Duration.ofMillis(100), 20);
            // lifetime 60 s, refresh-ahead 6 s: 1 + floor(1800 / 54) = 34
            assertEquals(34, h.carrier.calls());
        }
    }

    @Test
    void renewalsOnABackgroundThreadKeepTheSameLimit() {
        try (Harness h = new Harness(60, TestCarriers.fedex().attach(Attach.MISSING).build())) {
            for (Duration t = Duration.ZERO; t.compareTo(Duration.ofMinutes(30)) <= 0; t = t.plus(Duration.ofMillis(100))) {
                h.clock.setElapsed(t);
                for (int i = 0; i < 20; i++) {
                    h.decide(i % 5 == 0 ? fedexToken("id", "secret") : fedexApi(null));
                }
                h.executor.runAll(); // the renewal thread gets to run between steps
            }
            assertEquals(34, h.carrier.calls());
        }
    }
}
