package dev.tokenguard.core.policy;

import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * When a carrier's 429 says, in its body only, that calls may come back: FedEx's daily quotas answer
 * "Daily transaction quota exceeded. Retry after 12:00AM GMT" and no {@code Retry-After}. The time
 * is the next one of that clock time in GMT, at most a day away.
 *
 * @param said the words that gave it, for the log
 */
record QuotaReset(long nanos, String said) {
    private static final Pattern RETRY_AFTER =
            Pattern.compile("retry after (\\d{1,2}):(\\d{2}) ?([ap]m) (gmt|utc)", Pattern.CASE_INSENSITIVE);

    /** The reset a body names, or null where it names none. */
    static QuotaReset in(String body, long nowMillis) {
        if (body == null) {
            return null;
        }
        Matcher m = RETRY_AFTER.matcher(body);
        if (!m.find()) {
            return null;
        }
        int hour = Integer.parseInt(m.group(1));
        int minute = Integer.parseInt(m.group(2));
        if (hour < 1 || hour > 12 || minute > 59) {
            return null;
        }
        boolean pm = m.group(3).equalsIgnoreCase("pm");
        LocalTime at = LocalTime.of(hour % 12 + (pm ? 12 : 0), minute);
        ZonedDateTime now = Instant.ofEpochMilli(nowMillis).atZone(ZoneOffset.UTC);
        ZonedDateTime next = now.truncatedTo(ChronoUnit.DAYS).with(at);
        if (!next.isAfter(now)) {
            next = next.plusDays(1);
        }
        long millis = next.toInstant().toEpochMilli() - nowMillis;
        return new QuotaReset(TimeUnit.MILLISECONDS.toNanos(millis), m.group());
    }
}
