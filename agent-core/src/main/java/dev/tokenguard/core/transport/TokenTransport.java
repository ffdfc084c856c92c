package dev.tokenguard.core.transport;

import dev.tokenguard.core.http.HttpHeaders;
import java.io.IOException;
import java.net.URI;
import java.time.Duration;

/**
 * How the broker makes a real token call. The agent wraps the default {@link JdkTokenTransport} so
 * that its own hooks let these calls through untouched.
 */
public interface TokenTransport {

    /** POSTs {@code body} with {@code headers} to {@code url} and returns the whole answer. */
    Response post(URI url, HttpHeaders headers, byte[] body, Duration timeout) throws IOException;

    /** A token endpoint's answer; {@code body} holds credentials when the status is 2xx. */
    record Response(int status, HttpHeaders headers, byte[] body) {
        @Override
        public String toString() {
            return "Response[" + status + ", " + headers + ", " + body.length + " bytes]";
        }
    }
}
