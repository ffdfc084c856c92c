package dev.tokenguard.agent.jdkhttp;

import static net.bytebuddy.matcher.ElementMatchers.isPublic;
import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.takesArguments;

import dev.tokenguard.agent.ClientInstrumentation;
import dev.tokenguard.bootstrap.Bridge;
import net.bytebuddy.agent.builder.AgentBuilder;
import net.bytebuddy.asm.Advice;
import net.bytebuddy.implementation.bytecode.assign.Assigner;

/**
 * {@code java.net.http.HttpClient}: the public {@code send} and {@code sendAsync} methods of
 * {@code jdk.internal.net.http.HttpClientImpl}, which the public facade calls. That class is loaded
 * by the platform class loader, so the advice sees only the bootstrap bridge and passes
 * {@code Object}s; {@link JdkHttpClientHandler}, in the agent's loader, does the work.
 *
 * <p>For a carrier request the handler makes the real call itself (inside the bridge's mark, so
 * that the nested call, and the three-argument {@code sendAsync} the two-argument one calls, run
 * as they are) and the advice returns its result in place of running the method. For any other
 * request it returns null and the method runs untouched.
 */
public final class JdkHttpClientInstrumentation implements ClientInstrumentation {

    @Override
    public AgentBuilder install(AgentBuilder builder) {
        return builder
                .type(named("jdk.internal.net.http.HttpClientImpl"))
                .transform(new AgentBuilder.Transformer.ForAdvice()
                        .include(JdkHttpClientInstrumentation.class.getClassLoader())
                        .advice(isPublic().and(named("send")).and(takesArguments(2)), SendAdvice.class.getName())
                        .advice(isPublic().and(named("sendAsync")).and(takesArguments(2).or(takesArguments(3))),
                                SendAsyncAdvice.class.getName()));
    }

    /** Inlined into {@code HttpClientImpl.send(HttpRequest, BodyHandler)}. */
    static final class SendAdvice {

        private SendAdvice() {}

        /** Returns the response when tokenguard handled the call; the method body is then skipped. */
        @Advice.OnMethodEnter(skipOn = Advice.OnNonDefaultValue.class)
        static Object onEnter(
                @Advice.This Object client,
                @Advice.Argument(0) Object request,
                @Advice.Argument(1) Object bodyHandler) throws Exception {
            return Bridge.send(client, request, bodyHandler);
        }

        @Advice.OnMethodExit
        static void onExit(
                @Advice.Enter Object handled,
                @Advice.Return(readOnly = false, typing = Assigner.Typing.DYNAMIC) Object response) {
            if (handled != null) {
                response = handled;
            }
        }
    }

    /** Inlined into both public {@code HttpClientImpl.sendAsync} methods. */
    static final class SendAsyncAdvice {

        private SendAsyncAdvice() {}

        /** Returns the future when tokenguard handled the call; the method body is then skipped. */
        @Advice.OnMethodEnter(skipOn = Advice.OnNonDefaultValue.class)
        static Object onEnter(
                @Advice.This Object client,
                @Advice.Argument(0) Object request,
                @Advice.Argument(1) Object bodyHandler,
                @Advice.Argument(value = 2, optional = true) Object pushPromiseHandler) {
            return Bridge.sendAsync(client, request, bodyHandler, pushPromiseHandler);
        }

        @Advice.OnMethodExit
        static void onExit(
                @Advice.Enter Object handled,
                @Advice.Return(readOnly = false, typing = Assigner.Typing.DYNAMIC) Object future) {
            if (handled != null) {
                future = handled;
            }
        }
    }
}
