package dev.tokenguard.core.http;

import java.nio.charset.StandardCharsets;

/**
 * A response that agent-core answers in place of the network: a token from the cache, or a refusal.
 * Adapters turn it into their client's native response object.
 */
public record SyntheticResponse(int status, String reason, HttpHeaders headers, byte[] body) {

    public String bodyText() {
        return new String(body, StandardCharsets.UTF_8);
    }
}
