package dev.tokenguard.core.killswitch;

import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.concurrent.TimeUnit;

/** Reads a {@code Retry-After} field (RFC 9110, section 10.2.3): delay-seconds or an HTTP-date. */
public final class RetryAfter {
    /** A carrier that asks for more than this is taken to mean "a long time", not days. */
    static final long MAX_NANOS = TimeUnit.HOURS.toNanos(1);

    private RetryAfter() {}

    /**
     * @return the delay in nanoseconds, between zero and an hour, or -1 when the field is absent or
     *         unreadable
     */
    public static long parseNanos(String value, long nowMillis) {
        if (value == null || value.isBlank()) {
            return -1;
        }
        String v = value.trim();
        try {
            if (v.chars().allMatch(Character::isDigit)) {
                return Math.min(MAX_NANOS, TimeUnit.SECONDS.toNanos(Long.parseLong(v)));
            }
            long millis = ZonedDateTime.parse(v, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant().toEpochMilli()
                    - nowMillis;
            return Math.min(MAX_NANOS, TimeUnit.MILLISECONDS.toNanos(Math.max(0, millis)));
        } catch (NumberFormatException | DateTimeParseException e) {
            return -1;
        }
    }
}
