package dev.tokenguard.core.broker;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;

/**
 * A token endpoint's successful answer, kept whole so that an answer from the cache has the
 * carrier's own shape: FedEx's numeric {@code expires_in}, UPS's string one and its
 * {@code issued_at}, {@code status} and the rest.
 */
public final class TokenResponse {
    /**
     * Jackson puts a snippet of the input into its exception messages unless told not to; the input
     * is a token, and exception messages end up in logs.
     */
    private static final ObjectMapper JSON = new ObjectMapper(
            JsonFactory.builder().disable(StreamReadFeature.INCLUDE_SOURCE_IN_LOCATION).build());
    /**
     * The longest lifetime the broker believes: a year. Carriers issue tokens for hours; a larger
     * {@code expires_in} is an error or a hostile value, and taken at its word it would overflow
     * every nanosecond sum made with it. Clamped here, where answers are read, so that every time
     * derived from a token stays within a year of now.
     */
    public static final long MAX_EXPIRES_IN_SECONDS = 365L * 24 * 60 * 60;

    private final ObjectNode json;
    private final String accessToken;
    private final long expiresInSeconds;

    private TokenResponse(ObjectNode json, String accessToken, long expiresInSeconds) {
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
        JsonNode root;
        try {
            root = JSON.readTree(body);
        } catch (IOException malformed) {
            return null;
        }
        if (!(root instanceof ObjectNode object)) {
            return null;
        }
        JsonNode token = object.get("access_token");
        long expiresIn = seconds(object.get("expires_in"));
        if (token == null || !token.isTextual() || token.asText().isEmpty() || expiresIn <= 0) {
            return null;
        }
        return new TokenResponse(object, token.asText(), Math.min(expiresIn, MAX_EXPIRES_IN_SECONDS));
    }

    private static long seconds(JsonNode node) {
        if (node == null) {
            return -1;
        }
        if (node.isNumber()) {
            // Beyond a long: clamped to the maximum like any other huge lifetime.
            return node.canConvertToLong() ? node.asLong() : node.asDouble() > 0 ? Long.MAX_VALUE : -1;
        }
        if (node.isTextual()) {
            try {
                return Long.parseLong(node.asText().trim());
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
        ObjectNode copy = json.deepCopy();
        copy.put("access_token", accessToken);
        if (json.get("expires_in").isTextual()) {
            copy.put("expires_in", Long.toString(secondsLeft));
        } else {
            copy.put("expires_in", secondsLeft);
        }
        try {
            return JSON.writeValueAsBytes(copy);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a JSON tree that was read can be written", e);
        }
    }

    @Override
    public String toString() {
        return "TokenResponse[token " + Fingerprints.of(accessToken) + ", expires_in " + expiresInSeconds + "]";
    }
}
