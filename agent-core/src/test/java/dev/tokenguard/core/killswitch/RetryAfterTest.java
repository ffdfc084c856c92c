package dev.tokenguard.core.killswitch;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class RetryAfterTest {
    private static final long NOW = 1_763_800_000_000L; // Sat, 22 Nov 2025 08:26:40 GMT

    @Test
    void delaySeconds() {
        assertEquals(Duration.ofSeconds(120).toNanos(), RetryAfter.parseNanos(" 120 ", NOW));
    }

    @Test
    void anHttpDateCountsFromNowAndAPastDateIsZero() {
        assertEquals(Duration.ofSeconds(20).toNanos(), RetryAfter.parseNanos("Sat, 22 Nov 2025 08:27:00 GMT", NOW));
        assertEquals(0, RetryAfter.parseNanos("Sat, 22 Nov 2025 08:00:00 GMT", NOW));
    }

    @Test
    void absentOrUnreadableIsMinusOne() {
        assertEquals(-1, RetryAfter.parseNanos(null, NOW));
        assertEquals(-1, RetryAfter.parseNanos("soon", NOW));
        assertEquals(-1, RetryAfter.parseNanos("-5", NOW));
    }

    @Test
    void moreThanAnHourIsAnHour() {
        assertEquals(Duration.ofHours(1).toNanos(), RetryAfter.parseNanos("86400", NOW));
    }
}
