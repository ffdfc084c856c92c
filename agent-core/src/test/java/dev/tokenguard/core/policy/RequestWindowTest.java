package dev.tokenguard.core.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.tokenguard.core.config.RateBand;
import dev.tokenguard.core.testing.ManualClock;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The rings of one request band, as they grow from 16 entries to N. */
class RequestWindowTest {
    private static final long MS = TimeUnit.MILLISECONDS.toNanos(1);

    /**
     * The rings start at 16 entries and double; each growth must keep every earlier time, or the
     * (N+1)-th call would read an empty entry and go at once. Times are the fake clock's, which start
     * near the end of the long range, as System.nanoTime may.
     */
    @Test
    void theCallAfterNGoesWAfterTheFirstWhileTheRingsGrow() {
        for (int n : new int[] {5, 16, 17, 33, 100, 1400}) {
            RequestWindow window = new RequestWindow(new RateBand(n, Duration.ofSeconds(2)));
            long start = ManualClock.START_NANOS;
            for (int i = 0; i < n; i++) {
                long now = start + i * MS;
                assertEquals(now, window.earliest(now, 0), "call " + i + " of " + n + " goes at once");
                window.record(now);
                window.responded(now);
            }
            long now = start + n * MS;
            assertEquals(start + TimeUnit.SECONDS.toNanos(2), window.earliest(now, 0),
                    "call " + n + " waits for the first to leave the window");
        }
    }

    @Test
    void aCallHoldsItsPlaceUntilWAfterItsResponse() {
        RequestWindow window = new RequestWindow(new RateBand(2, Duration.ofSeconds(1)));
        long start = ManualClock.START_NANOS;
        window.record(start);
        window.record(start);
        window.responded(start + 300 * MS);
        window.responded(start + 500 * MS);
        assertEquals(start + 1300 * MS, window.earliest(start + 600 * MS, 0),
                "a second after the earlier response, not after the admission");
        assertEquals(start + 1500 * MS, window.earliest(start + 600 * MS, 1),
                "with one call still under way, a second after the latest response");
    }
}
