package dev.tokenguard.core.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class DurationsTest {

    @Test
    void parsesEachUnit() {
        assertEquals(Duration.ofMillis(500), Durations.parse("500ms"));
        assertEquals(Duration.ofSeconds(2), Durations.parse("2s"));
        assertEquals(Duration.ofMinutes(5), Durations.parse("5m"));
        assertEquals(Duration.ofHours(1), Durations.parse("1h"));
    }

    @Test
    void ignoresSurroundingWhitespace() {
        assertEquals(Duration.ofSeconds(2), Durations.parse(" 2s "));
    }

    @Test
    void acceptsZero() {
        assertEquals(Duration.ZERO, Durations.parse("0s"));
    }

    @Test
    void refusesANumberWithoutUnit() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Durations.parse("5"));
        assertTrue(e.getMessage().contains("\"5\" has no unit"), e.getMessage());
    }

    @ParameterizedTest
    @ValueSource(strings = {"1.5s", "-1s", "1d", "5M", "s", "5 s", "", "99999999999999999999h", "9223372036854775807h"})
    void refusesWhatIsNotAWholeNumberAndAUnit(String text) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Durations.parse(text));
        assertTrue(e.getMessage().contains("ms, s, m or h"), e.getMessage());
    }

    @Test
    void namesAnUnknownUnit() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Durations.parse("3d"));
        assertTrue(e.getMessage().contains("unknown unit \"d\""), e.getMessage());
    }

    @Test
    void formatsInTheLargestExactUnit() {
        assertEquals("2h", Durations.format(Duration.ofHours(2)));
        assertEquals("2m", Durations.format(Duration.ofSeconds(120)));
        assertEquals("90s", Durations.format(Duration.ofSeconds(90)));
        assertEquals("1500ms", Durations.format(Duration.ofMillis(1500)));
        assertEquals("0s", Durations.format(Duration.ZERO));
    }

    @Test
    void formatsWhatItCannotWriteInIso8601() {
        assertEquals("PT0.0005S", Durations.format(Duration.ofNanos(500_000)));
    }

    @ParameterizedTest
    @ValueSource(strings = {"500ms", "2s", "5m", "1h", "61s", "25h"})
    void formatReadsBackAsTheSameText(String text) {
        assertEquals(text, Durations.format(Durations.parse(text)));
    }

    @Test
    void rateBandPrintsAsWritten() {
        assertEquals("30/2m", new RateBand(30, Duration.ofMinutes(2)).toString());
    }
}
