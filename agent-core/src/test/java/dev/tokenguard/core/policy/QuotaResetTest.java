package dev.tokenguard.core.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class QuotaResetTest {
    private static final String FEDEX_DAILY = "{\"transactionId\":\"t\",\"errors\":[{\"code\":\"TOO.MANY.REQUESTS.ERROR\","
            + "\"message\":\"Daily transaction quota exceeded. Retry after 12:00AM GMT\"}]}";

    private static long at(String instant) {
        return Instant.parse(instant).toEpochMilli();
    }

    @Test
    void fedexsDailyQuotaResetsAtTheNextMidnightGmt() {
        QuotaReset reset = QuotaReset.in(FEDEX_DAILY, at("2026-12-04T13:30:00Z"));

        assertEquals(Duration.ofHours(10).plusMinutes(30).toNanos(), reset.nanos());
        assertEquals("Retry after 12:00AM GMT", reset.said());
    }

    @Test
    void aTimeLaterTodayIsToday() {
        assertEquals(Duration.ofMinutes(90).toNanos(),
                QuotaReset.in("Retry after 3:00PM GMT", at("2026-12-04T13:30:00Z")).nanos());
        assertEquals(Duration.ofMinutes(30).toNanos(),
                QuotaReset.in("retry after 12:00 pm utc", at("2026-12-04T11:30:00Z")).nanos());
    }

    @Test
    void atTheResetItselfTheNextOneIsADayAway() {
        assertEquals(Duration.ofDays(1).toNanos(), QuotaReset.in(FEDEX_DAILY, at("2026-12-05T00:00:00Z")).nanos());
    }

    @Test
    void aBodyWithoutAResetTimeNamesNone() {
        assertNull(QuotaReset.in(null, 0));
        assertNull(QuotaReset.in("{\"errors\":[{\"code\":\"TOO.MANY.REQUESTS.ERROR\",\"message\":\"We have received too many"
                + " requests in a short duration. Please wait a while to try again.\"}]}", 0));
        assertNull(QuotaReset.in("Retry after 13:00PM GMT", 0), "no such clock time");
        assertNull(QuotaReset.in("Retry after 12:00AM EST", 0), "only GMT is read");
    }
}
