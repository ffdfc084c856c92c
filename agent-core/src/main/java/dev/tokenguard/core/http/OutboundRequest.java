package dev.tokenguard.core.http;

import java.net.URI;
import java.util.Objects;

/**
 * A request an application is about to send to a carrier, as an adapter sees it before it leaves.
 *
 * @param body the request body when the adapter could buffer it (always for token requests, which
 *             are small forms), or null where the body is streamed and cannot be read twice
 */
public record OutboundRequest(String method, URI uri, HttpHeaders headers, byte[] body) {
    public OutboundRequest {
        Objects.requireNonNull(method, "method");
        Objects.requireNonNull(uri, "uri");
        Objects.requireNonNull(headers, "headers");
    }
}
