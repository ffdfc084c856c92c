package dev.tokenguard.agent.apachehttpclient.v5_0;

import static net.bytebuddy.matcher.ElementMatchers.hasSuperType;
import static net.bytebuddy.matcher.ElementMatchers.nameContains;
import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.namedOneOf;
import static net.bytebuddy.matcher.ElementMatchers.takesArguments;

import dev.tokenguard.agent.ClientInstrumentation;
import net.bytebuddy.agent.builder.AgentBuilder;
import net.bytebuddy.asm.Advice;

/**
 * Apache HttpClient 5, classic and async: when a builder assembles its exec chain, add tokenguard's
 * handler to it (see {@link ExecChainPlacement} for where).
 *
 * <p>The hook is the builders' {@code customizeExecChain(NamedElementChain)}, which {@code build()}
 * calls with the finished chain definition just before it links the chain: the one point where the
 * handler can be placed relative to the redirect element, and where the chain's own API does the
 * placing. The caching builders override it without calling {@code super}, hence the match on every
 * subtype; the placement is idempotent for those that do call it. The cheap name filter runs first
 * so that the super-type walk happens only for classes named like a client builder.
 */
public final class ApacheHttpClient5Instrumentation implements ClientInstrumentation {
    private static final String CLASSIC_BUILDER = "org.apache.hc.client5.http.impl.classic.HttpClientBuilder";
    private static final String ASYNC_BUILDER = "org.apache.hc.client5.http.impl.async.HttpAsyncClientBuilder";
    private static final String H2_ASYNC_BUILDER = "org.apache.hc.client5.http.impl.async.H2AsyncClientBuilder";

    @Override
    public AgentBuilder install(AgentBuilder builder) {
        return builder
                .type(nameContains("ClientBuilder").and(hasSuperType(named(CLASSIC_BUILDER))))
                .transform(new AgentBuilder.Transformer.ForAdvice()
                        .include(ApacheHttpClient5Instrumentation.class.getClassLoader())
                        .advice(named("customizeExecChain").and(takesArguments(1)), ClassicChainAdvice.class.getName()))
                .type(nameContains("ClientBuilder").and(hasSuperType(namedOneOf(ASYNC_BUILDER, H2_ASYNC_BUILDER))))
                .transform(new AgentBuilder.Transformer.ForAdvice()
                        .include(ApacheHttpClient5Instrumentation.class.getClassLoader())
                        .advice(named("customizeExecChain").and(takesArguments(1)), AsyncChainAdvice.class.getName()));
    }

    public static final class ClassicChainAdvice {
        private ClassicChainAdvice() {}

        @Advice.OnMethodExit(suppress = Throwable.class)
        public static void onExit(@Advice.This Object builder, @Advice.Argument(0) Object chainDefinition) {
            ApacheHttpClient5Hooks.onClassicChain(builder, chainDefinition);
        }
    }

    public static final class AsyncChainAdvice {
        private AsyncChainAdvice() {}

        @Advice.OnMethodExit(suppress = Throwable.class)
        public static void onExit(@Advice.This Object builder, @Advice.Argument(0) Object chainDefinition) {
            ApacheHttpClient5Hooks.onAsyncChain(builder, chainDefinition);
        }
    }
}
