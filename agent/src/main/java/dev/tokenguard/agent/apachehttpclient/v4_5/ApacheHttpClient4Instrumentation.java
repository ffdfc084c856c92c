package dev.tokenguard.agent.apachehttpclient.v4_5;

import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.takesArguments;

import dev.tokenguard.agent.ClientInstrumentation;
import net.bytebuddy.agent.builder.AgentBuilder;
import net.bytebuddy.asm.Advice;
import net.bytebuddy.implementation.bytecode.assign.Assigner;

/**
 * Apache HttpClient 4.5: wrap the protocol element of each client that {@code HttpClientBuilder}
 * builds, through the builder's own extension point {@code decorateProtocolExec(ClientExecChain)}.
 *
 * <p>That puts tokenguard below the redirect and retry elements, so it sees every hop: a redirect
 * hop off the carrier's host is not a carrier request and passes untouched, and the redirect element
 * builds each new hop from the application's original request, which never carries the headers
 * tokenguard set on the hop. Unlike HttpClient 5's, 4.5's retry element re-sends only after an
 * {@code IOException}, never on a status, so a synthetic 503 goes straight back to the application
 * (an application that installs a {@code ServiceUnavailableRetryStrategy} would retry it).
 * {@code InternalHttpClient.doExecute} was the alternative, but a header set there is copied by the
 * redirect element to every later hop, whatever its host.
 */
public final class ApacheHttpClient4Instrumentation implements ClientInstrumentation {

    @Override
    public AgentBuilder install(AgentBuilder builder) {
        return builder.type(named("org.apache.http.impl.client.HttpClientBuilder"))
                .transform(new AgentBuilder.Transformer.ForAdvice()
                        .include(ApacheHttpClient4Instrumentation.class.getClassLoader())
                        .advice(named("decorateProtocolExec").and(takesArguments(1)),
                                DecorateProtocolExecAdvice.class.getName()));
    }

    public static final class DecorateProtocolExecAdvice {
        private DecorateProtocolExecAdvice() {}

        @Advice.OnMethodExit(suppress = Throwable.class)
        public static void onExit(@Advice.Return(readOnly = false, typing = Assigner.Typing.DYNAMIC) Object protocolExec) {
            protocolExec = ApacheHttpClient4Hooks.onProtocolExec(protocolExec);
        }
    }
}
