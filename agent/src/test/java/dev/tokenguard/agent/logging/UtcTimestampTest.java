package dev.tokenguard.agent.logging;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class UtcTimestampTest {

    private static final DateTimeFormatter ISO_MILLIS =
            DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);

    @Test
    void writesUtcIsoWithMillisAndZ() {
        assertEquals("2026-12-04T06:19:22.068Z", format(Instant.parse("2026-12-04T06:19:22.068Z").toEpochMilli()));
    }

    @Test
    void epochAndTheMillisecondBeforeIt() {
        assertEquals("1970-01-01T00:00:00.000Z", format(0));
        assertEquals("1969-12-31T23:59:59.999Z", format(-1));
    }

    @Test
    void leapDaysAndYearBoundariesAgreeWithJavaTime() {
        for (int year : new int[] {1600, 1900, 1970, 1999, 2000, 2023, 2024, 2025, 2100, 2400, 9999}) {
            for (String at : new String[] {"-01-01T00:00", "-02-28T23:59:59.999", "-03-01T00:00", "-12-31T23:59:59.999"}) {
                assertAgrees(LocalDateTime.parse(year + at).toInstant(ZoneOffset.UTC).toEpochMilli());
            }
            if (year % 4 == 0 && (year % 100 != 0 || year % 400 == 0)) {
                assertAgrees(LocalDateTime.parse(year + "-02-29T12:00").toInstant(ZoneOffset.UTC).toEpochMilli());
            }
        }
    }

    @Test
    void everyDayFrom1970To2200AgreesWithJavaTime() {
        long lastDay = LocalDateTime.parse("2200-12-31T00:00").toInstant(ZoneOffset.UTC).toEpochMilli() / 86_400_000L;
        for (long day = 0; day <= lastDay; day++) {
            assertAgrees(day * 86_400_000L + 86_399_999L);
        }
    }

    @Test
    void randomInstantsFromYear0To9999AgreeWithJavaTime() {
        long first = Instant.parse("0000-01-01T00:00:00Z").toEpochMilli();
        long last = Instant.parse("9999-12-31T23:59:59.999Z").toEpochMilli();
        SplittableRandom random = new SplittableRandom(10);
        for (int i = 0; i < 200_000; i++) {
            assertAgrees(random.nextLong(first, last + 1));
        }
    }

    private static void assertAgrees(long epochMillis) {
        assertEquals(ISO_MILLIS.format(Instant.ofEpochMilli(epochMillis)), format(epochMillis), "at " + epochMillis);
    }

    private static String format(long epochMillis) {
        StringBuilder out = new StringBuilder();
        UtcTimestamp.append(out, epochMillis);
        return out.toString();
    }
}
