package dev.tokenguard.core.transport;

import dev.tokenguard.core.http.HttpHeaders;
import java.io.IOException;
import java.net.URI;
import java.time.Duration;

/**
 * How the broker makes a real token call: by default {@link SocketTokenTransport}. The agent wraps
 * the transport so that its own hooks would let the calls through untouched, whatever client it uses.
 */
public interface TokenTransport {

    /** POSTs {@code body} with {@code headers} to {@code url} and returns the whole answer. */
    Response post(URI url, HttpHeaders headers, byte[] body, Duration timeout) throws IOException;

    /**
     * As {@link #post(URI, HttpHeaders, byte[], Duration)}, running {@code departing} once as the
     * request leaves (connected, its body about to be written), so that the limiter counts the call
     * from then ({@link dev.tokenguard.core.limit.TokenCallLimiter#departedLate}). A transport that
     * cannot tell runs it first. {@code departing} never throws and may run on the transport's thread.
     */
    default Response post(URI url, HttpHeaders headers, byte[] body, Duration timeout, Runnable departing)
            throws IOException {
        departing.run();
        return post(url, headers, body, timeout);
    }

    /** A token endpoint's answer; {@code body} holds credentials when the status is 2xx. */
    record Response(int status, HttpHeaders headers, byte[] body) {
        @Override
        public String toString() {
            return "Response[" + status + ", " + headers + ", " + body.length + " bytes]";
        }
    }
}
