package dev.tokenguard.core.broker;

import dev.tokenguard.core.http.HttpHeaders;
import java.net.URI;

/**
 * A token call the broker can make again: learned from the application's own token request, or
 * built from configured credentials. It holds secrets (a Basic header, a form body), so it stays in
 * memory and its {@link #toString()} shows none of it.
 */
public record TokenRequest(URI url, HttpHeaders headers, byte[] body) {
    @Override
    public String toString() {
        return "TokenRequest[" + url + ", " + headers + ", " + body.length + " bytes]";
    }
}
