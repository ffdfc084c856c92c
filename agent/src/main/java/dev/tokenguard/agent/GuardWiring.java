package dev.tokenguard.agent;

import dev.tokenguard.core.config.TokenguardConfig;
import dev.tokenguard.core.guard.Tokenguard;
import dev.tokenguard.core.http.RequestGuard;
import dev.tokenguard.core.transport.JdkTokenTransport;
import java.time.Duration;

/**
 * Builds agent-core's guard from the configuration: the one place where the agent names agent-core's
 * implementation; everything else sees {@link RequestGuard}. Nothing here makes a connection or
 * starts a thread: the token client is built on the first token call, renewal threads on the
 * first renewal.
 */
final class GuardWiring {

    /** The same connect timeout agent-core's builder gives its default transport. */
    private static final Duration TOKEN_CONNECT_TIMEOUT = Duration.ofSeconds(5);

    private GuardWiring() {}

    static RequestGuard guard(TokenguardConfig config) {
        return Tokenguard.builder(config)
                .transport(new InsideTokenguardTransport(new JdkTokenTransport(TOKEN_CONNECT_TIMEOUT)))
                .build();
    }
}
