package dev.tokenguard.demo.client;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.concurrent.TimeUnit;

/** An access token and the moment the client's cache drops it. */
record Token(String value, long expiresAtNanos) {

    private static final ObjectMapper JSON = new ObjectMapper();

    boolean expiredAt(long nanoTime) {
        return nanoTime - expiresAtNanos >= 0;
    }

    /**
     * Reads a token response. The cache keeps the token for exactly {@code expires_in} seconds from
     * when the response arrived, with no margin: the seed's cache, whose last token is sent just
     * after the carrier has expired it. FedEx sends {@code expires_in} as a number, UPS as a string.
     */
    static Token parse(String body, long receivedAtNanos) throws CallFailedException {
        JsonNode json;
        try {
            json = JSON.readTree(body);
        } catch (IOException e) {
            throw new CallFailedException(Failure.OTHER, "token response is not JSON");
        }
        JsonNode accessToken = json == null ? null : json.get("access_token");
        if (accessToken == null || !accessToken.isTextual() || accessToken.asText().isEmpty()) {
            throw new CallFailedException(Failure.OTHER, "token response has no access_token");
        }
        long expiresInSeconds = expiresIn(json.get("expires_in"));
        return new Token(accessToken.asText(), receivedAtNanos + TimeUnit.SECONDS.toNanos(expiresInSeconds));
    }

    private static long expiresIn(JsonNode node) throws CallFailedException {
        if (node != null && node.isIntegralNumber()) {
            return node.asLong();
        }
        if (node != null && node.isTextual()) {
            try {
                return Long.parseLong(node.asText().trim());
            } catch (NumberFormatException e) {
                // falls through to the failure below
            }
        }
        throw new CallFailedException(Failure.OTHER, "token response has no usable expires_in: " + node);
    }
}
