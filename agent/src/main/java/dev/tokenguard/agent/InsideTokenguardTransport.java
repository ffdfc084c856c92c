package dev.tokenguard.agent;

import dev.tokenguard.bootstrap.Bridge;
import dev.tokenguard.core.http.HttpHeaders;
import dev.tokenguard.core.transport.TokenTransport;
import java.io.IOException;
import java.net.URI;
import java.time.Duration;

/**
 * Makes agent-core's own token calls inside the bridge's mark, so that the agent's hooks let them
 * through instead of judging the broker's calls as an application's, whatever client the transport
 * uses (agent-core's default, {@code SocketTokenTransport}, opens a socket of its own and meets none).
 */
final class InsideTokenguardTransport implements TokenTransport {

    private final TokenTransport delegate;

    InsideTokenguardTransport(TokenTransport delegate) {
        this.delegate = delegate;
    }

    @Override
    public Response post(URI url, HttpHeaders headers, byte[] body, Duration timeout) throws IOException {
        boolean entered = Bridge.enter();
        try {
            return delegate.post(url, headers, body, timeout);
        } finally {
            Bridge.exit(entered);
        }
    }

    @Override
    public Response post(URI url, HttpHeaders headers, byte[] body, Duration timeout, Runnable departing)
            throws IOException {
        boolean entered = Bridge.enter();
        try {
            return delegate.post(url, headers, body, timeout, departing);
        } finally {
            Bridge.exit(entered);
        }
    }
}
