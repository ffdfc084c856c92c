package dev.tokenguard.agent.urlconnection;

import dev.tokenguard.core.http.HttpHeaders;
import dev.tokenguard.core.http.OutboundRequest;
import java.net.URISyntaxException;
import java.net.URL;

/**
 * One request of a {@link CarrierCall}: the application's, or one the call sends to follow a
 * redirect.
 *
 * @param headers the request properties the application set (an {@code HttpURLConnection} does not
 *                give {@code Authorization} back, so they are recorded as they are set)
 * @param body    null where no body is sent, or where it is streamed (see {@link StreamedHop})
 */
record HopRequest(String method, URL url, HttpHeaders headers, byte[] body) {

    /** What the JDK sends a body without {@code Content-Type} as. */
    private static final String JDK_DEFAULT_CONTENT_TYPE = "application/x-www-form-urlencoded";

    /**
     * The request as agent-core judges it: with the header fields the JDK adds that matter to it.
     *
     * @param bodyRead false where the request has a body that tokenguard does not hold (it is streamed)
     */
    OutboundRequest toOutbound(boolean bodyRead) throws URISyntaxException {
        boolean hasBody = body != null || !bodyRead;
        HttpHeaders sent = hasBody && !headers.contains("Content-Type")
                ? headers.with("Content-Type", JDK_DEFAULT_CONTENT_TYPE)
                : headers;
        return new OutboundRequest(method, url.toURI(), sent, !bodyRead ? null : body == null ? new byte[0] : body);
    }
}
