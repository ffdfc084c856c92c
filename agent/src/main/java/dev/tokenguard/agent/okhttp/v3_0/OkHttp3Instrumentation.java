package dev.tokenguard.agent.okhttp.v3_0;

import static net.bytebuddy.matcher.ElementMatchers.isConstructor;
import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.takesArguments;

import dev.tokenguard.agent.ClientInstrumentation;
import net.bytebuddy.agent.builder.AgentBuilder;
import net.bytebuddy.asm.Advice;

/**
 * OkHttp 3.x and 4.x: every client is made from an {@code OkHttpClient.Builder} (even
 * {@code new OkHttpClient()} makes one), so the hook adds one application interceptor to each builder
 * (see {@link OkHttp3Adapter} for where in the list, and why twice).
 *
 * <p>An application interceptor, not a network one: only an application interceptor may answer
 * without calling {@code proceed}, and it runs once per call, above OkHttp's own redirect and retry
 * handling, which strips {@code Authorization} when a redirect leaves the host.
 */
public final class OkHttp3Instrumentation implements ClientInstrumentation {
    static final String BUILDER = "okhttp3.OkHttpClient$Builder";

    @Override
    public AgentBuilder install(AgentBuilder builder) {
        return builder.type(named(BUILDER))
                .transform(new AgentBuilder.Transformer.ForAdvice()
                        .include(OkHttp3Instrumentation.class.getClassLoader())
                        .advice(isConstructor(), ConstructorAdvice.class.getName())
                        .advice(named("build").and(takesArguments(0)), BuildAdvice.class.getName()));
    }

    public static final class ConstructorAdvice {
        private ConstructorAdvice() {}

        @Advice.OnMethodExit(suppress = Throwable.class)
        public static void onExit(@Advice.This Object builder) {
            OkHttp3Hooks.onBuilder(builder);
        }
    }

    public static final class BuildAdvice {
        private BuildAdvice() {}

        @Advice.OnMethodEnter(suppress = Throwable.class)
        public static void onEnter(@Advice.This Object builder) {
            OkHttp3Hooks.onBuilder(builder);
        }
    }
}
