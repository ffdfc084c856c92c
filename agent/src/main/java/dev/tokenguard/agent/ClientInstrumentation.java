package dev.tokenguard.agent;

import net.bytebuddy.agent.builder.AgentBuilder;

/**
 * The hooks for one HTTP client library. Each library's package has one implementation, listed in
 * {@link TokenguardAgent}; it only adds type matchers and advice to the builder, all logic lives in
 * agent-core behind {@link dev.tokenguard.core.http.RequestGuard}.
 */
public interface ClientInstrumentation {

    AgentBuilder install(AgentBuilder builder);
}
