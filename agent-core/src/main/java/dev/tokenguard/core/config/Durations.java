package dev.tokenguard.core.config;

import java.time.Duration;

/**
 * The configuration's duration syntax: a whole number followed by a unit, {@code ms}, {@code s},
 * {@code m} or {@code h} ({@code 500ms}, {@code 2s}, {@code 5m}, {@code 1h}). The unit is required
 * and lower-case ({@code 5M} could be read as months); fractions and signs are refused, so a value
 * means exactly one thing.
 */
public final class Durations {

    private static final String HOW = "write a whole number and a unit (ms, s, m or h), e.g. 500ms, 2s, 5m, 1h";

    private Durations() {
    }

    /**
     * Parses a duration; surrounding whitespace is ignored.
     *
     * @throws IllegalArgumentException naming the text and what is wrong with it
     */
    public static Duration parse(String text) {
        String s = text == null ? "" : text.trim();
        if (s.isEmpty()) {
            throw new IllegalArgumentException("empty duration; " + HOW);
        }
        int end = 0;
        while (end < s.length() && s.charAt(end) >= '0' && s.charAt(end) <= '9') {
            end++;
        }
        String number = s.substring(0, end);
        String unit = s.substring(end);
        if (number.isEmpty()) {
            String why = s.startsWith("-") ? "negative" : "no number";
            throw new IllegalArgumentException(quote(s) + " is not a duration (" + why + "); " + HOW);
        }
        if (unit.startsWith(".") || unit.startsWith(",")) {
            throw new IllegalArgumentException(quote(s) + " is not a duration (not a whole number); " + HOW);
        }
        if (unit.isEmpty()) {
            throw new IllegalArgumentException(quote(s) + " has no unit; " + HOW);
        }
        try {
            long millisPerUnit = switch (unit) {
                case "ms" -> 1;
                case "s" -> 1_000;
                case "m" -> 60_000;
                case "h" -> 3_600_000;
                default -> throw new IllegalArgumentException(
                        quote(s) + " is not a duration (unknown unit " + quote(unit) + "); " + HOW);
            };
            // Counted in milliseconds so that every parsed duration can be formatted and computed with.
            return Duration.ofMillis(Math.multiplyExact(Long.parseLong(number), millisPerUnit));
        } catch (NumberFormatException | ArithmeticException tooLarge) {
            throw new IllegalArgumentException(quote(s) + " is too large a duration; " + HOW);
        }
    }

    /**
     * Formats a duration in the largest unit that holds it exactly, so that {@link #parse} reads it
     * back: 120 seconds is {@code 2m}, 1500 milliseconds {@code 1500ms}, zero {@code 0s}. A duration
     * with a fraction of a millisecond, or too long to count in milliseconds, cannot be written in
     * this syntax and comes out in ISO-8601 ({@code PT0.0005S}).
     */
    public static String format(Duration duration) {
        long millis;
        try {
            millis = duration.toMillis();
        } catch (ArithmeticException tooLarge) {
            return duration.toString();
        }
        if (duration.getNano() % 1_000_000 != 0) {
            return duration.toString();
        }
        if (millis == 0) {
            return "0s";
        }
        if (millis % 3_600_000 == 0) {
            return millis / 3_600_000 + "h";
        }
        if (millis % 60_000 == 0) {
            return millis / 60_000 + "m";
        }
        if (millis % 1_000 == 0) {
            return millis / 1_000 + "s";
        }
        return millis + "ms";
    }

    private static String quote(String s) {
        return "\"" + s + "\"";
    }
}
