package dev.tokenguard.core.broker;

import dev.tokenguard.core.json.JsonException;
import dev.tokenguard.core.json.JsonObjectReader;
import dev.tokenguard.core.json.JsonObjectWriter;
import dev.tokenguard.core.json.JsonValue;
import java.math.BigDecimal;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A token endpoint's successful answer, kept whole so that an answer from the cache has the
 * carrier's own shape: FedEx's numeric {@code expires_in}, UPS's string one and its
 * {@code issued_at}, {@code status} and the rest.
 */
public final class TokenResponse {
    /**
     * The longest lifetime the broker believes: a year. Carriers issue tokens for hours; a larger
     * {@code expires_in} is an error or a hostile value, and taken at its word it would overflow
     * every nanosecond sum made with it. Clamped here, where answers are read, so that every time
     * derived from a token stays within a year of now.
     */
    public static final long MAX_EXPIRES_IN_SECONDS = 365L * 24 * 60 * 60;

    /**
     * A number written longer than this is no lifetime: reading it exactly could take a while, and no
     * carrier writes one.
     */
    private static final int MAX_NUMBER_CHARS = 64;
    private static final BigDecimal LONG_MAX = BigDecimal.valueOf(Long.MAX_VALUE);

    private final Map<String, JsonValue> json;
    private final String accessToken;
    private final long expiresInSeconds;

    private TokenResponse(Map<String, JsonValue> json, String accessToken, long expiresInSeconds) {
        this.json = json;
        this.accessToken = accessToken;
        this.expiresInSeconds = expiresInSeconds;
    }

    /**
     * Reads a token answer; null unless it is a JSON object with a non-empty string
     * {@code access_token} and a positive {@code expires_in} (a number, or a string of digits),
     * which is taken as at most {@link #MAX_EXPIRES_IN_SECONDS}.
     */
    public static TokenResponse parse(byte[] body) {
        Map<String, JsonValue> object;
        try {
            object = JsonObjectReader.read(body);
        } catch (JsonException malformed) {
            return null;
        }
        long expiresIn = seconds(object.get("expires_in"));
        if (!(object.get("access_token") instanceof JsonValue.Text token) || token.value().isEmpty() || expiresIn <= 0) {
            return null;
        }
        return new TokenResponse(object, token.value(), Math.min(expiresIn, MAX_EXPIRES_IN_SECONDS));
    }

    /** {@code expires_in} in whole seconds (a fraction is dropped); -1 when it is no number of seconds. */
    private static long seconds(JsonValue value) {
        if (value instanceof JsonValue.Number number) {
            if (number.literal().length() > MAX_NUMBER_CHARS) {
                return -1;
            }
            BigDecimal seconds;
            try {
                seconds = new BigDecimal(number.literal());
            } catch (NumberFormatException exponentBeyondAnInt) {
                return -1;
            }
            // Compared first, so that longValue() only ever truncates a number of at most 64 digits
            // (below 1, an exponent like 1e-999999999 would make it compute a power of ten that size).
            if (seconds.compareTo(BigDecimal.ONE) < 0) {
                return 0;
            }
            // Beyond a long: clamped to the maximum like any other huge lifetime.
            return seconds.compareTo(LONG_MAX) > 0 ? Long.MAX_VALUE : seconds.longValue();
        }
        if (value instanceof JsonValue.Text text) {
            try {
                return Long.parseLong(text.value().trim());
            } catch (NumberFormatException e) {
                return -1;
            }
        }
        return -1;
    }

    public String accessToken() {
        return accessToken;
    }

    public long expiresInSeconds() {
        return expiresInSeconds;
    }

    /** The carrier's answer again, with {@code expires_in} set to {@code secondsLeft}, its type kept. */
    public byte[] render(long secondsLeft) {
        Map<String, JsonValue> copy = new LinkedHashMap<>(json);
        String seconds = Long.toString(secondsLeft);
        copy.put("expires_in", json.get("expires_in") instanceof JsonValue.Text
                ? new JsonValue.Text(seconds) : new JsonValue.Number(seconds));
        return JsonObjectWriter.write(copy);
    }

    @Override
    public String toString() {
        return "TokenResponse[token " + Fingerprints.of(accessToken) + ", expires_in " + expiresInSeconds + "]";
    }
}
