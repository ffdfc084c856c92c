package dev.tokenguard.core.config;

import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The configuration's size syntax: a whole number with an optional unit, {@code B} (the default),
 * decimal {@code KB}, {@code MB}, {@code GB} (powers of 1000) or binary {@code KiB}, {@code MiB},
 * {@code GiB} (powers of 1024): {@code 500}, {@code 64KiB}, {@code 10 MB}. Units are written as
 * shown: {@code mb} or {@code Mb} could be read as megabits.
 */
final class ByteSizes {

    private static final Pattern SIZE = Pattern.compile("(\\d+)\\s*([A-Za-z]*)");
    private static final List<String> UNITS = List.of("B", "KB", "MB", "GB", "KiB", "MiB", "GiB");
    private static final String HOW = "write a whole number and an optional unit (B, KB, MB, GB, KiB, MiB, GiB), e.g. 10MB";

    private ByteSizes() {
    }

    /**
     * A size of at least one byte.
     *
     * @throws IllegalArgumentException naming the text and what is wrong with it
     */
    static long parse(String text) {
        Matcher m = SIZE.matcher(text.trim());
        if (!m.matches()) {
            throw new IllegalArgumentException(quote(text) + " is not a size; " + HOW);
        }
        long multiplier = switch (m.group(2)) {
            case "", "B" -> 1;
            case "KB" -> 1_000;
            case "MB" -> 1_000_000;
            case "GB" -> 1_000_000_000;
            case "KiB" -> 1L << 10;
            case "MiB" -> 1L << 20;
            case "GiB" -> 1L << 30;
            default -> throw new IllegalArgumentException(quote(text) + " is not a size (unknown unit "
                    + quote(m.group(2)) + Suggestions.didYouMean(m.group(2), UNITS) + "); " + HOW);
        };
        long size;
        try {
            size = Math.multiplyExact(Long.parseLong(m.group(1)), multiplier);
        } catch (NumberFormatException | ArithmeticException tooLarge) {
            throw new IllegalArgumentException(quote(text) + " is too large a size");
        }
        if (size < 1) {
            throw new IllegalArgumentException(quote(text) + " is no bytes; a size is at least 1B");
        }
        return size;
    }

    private static String quote(String s) {
        return "\"" + s + "\"";
    }
}
