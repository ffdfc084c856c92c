package dev.tokenguard.agent.logging;

/**
 * Writes an instant as UTC ISO-8601 with milliseconds, {@code 2026-12-04T06:19:22.068Z}, by plain
 * arithmetic. {@code SimpleDateFormat} or a {@code java.time} formatter would load time-zone and
 * CLDR locale data on the first line, which the agent logs at premain: about 30 ms of every start
 * (issue 10). Years 0000 to 9999.
 */
final class UtcTimestamp {

    private static final long MILLIS_PER_DAY = 86_400_000L;

    private UtcTimestamp() {}

    static void append(StringBuilder out, long epochMillis) {
        long days = Math.floorDiv(epochMillis, MILLIS_PER_DAY);
        int millisOfDay = (int) Math.floorMod(epochMillis, MILLIS_PER_DAY);
        // Days to civil date in the proleptic Gregorian calendar, H. Hinnant's civil_from_days
        // (https://howardhinnant.github.io/date_algorithms.html): the year is counted from March, so
        // that the leap day falls last, in 400-year eras of 146097 days.
        long z = days + 719_468;
        long era = Math.floorDiv(z, 146_097);
        long dayOfEra = z - era * 146_097;
        long yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365;
        long dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100);
        long marchMonth = (5 * dayOfYear + 2) / 153;
        int day = (int) (dayOfYear - (153 * marchMonth + 2) / 5 + 1);
        int month = (int) (marchMonth < 10 ? marchMonth + 3 : marchMonth - 9);
        long year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0);

        pad(out, year, 4).append('-');
        pad(out, month, 2).append('-');
        pad(out, day, 2).append('T');
        pad(out, millisOfDay / 3_600_000, 2).append(':');
        pad(out, millisOfDay / 60_000 % 60, 2).append(':');
        pad(out, millisOfDay / 1000 % 60, 2).append('.');
        pad(out, millisOfDay % 1000, 3).append('Z');
    }

    private static StringBuilder pad(StringBuilder out, long value, int digits) {
        for (long limit = 10; digits > 1; digits--, limit *= 10) {
            if (value < limit) {
                out.append('0');
            }
        }
        return out.append(value);
    }
}
