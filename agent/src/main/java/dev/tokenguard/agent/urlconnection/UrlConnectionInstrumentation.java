package dev.tokenguard.agent.urlconnection;

import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.takesArgument;
import static net.bytebuddy.matcher.ElementMatchers.takesArguments;

import dev.tokenguard.agent.ClientInstrumentation;
import dev.tokenguard.bootstrap.Bridge;
import java.net.Proxy;
import java.net.URL;
import java.net.URLConnection;
import net.bytebuddy.agent.builder.AgentBuilder;
import net.bytebuddy.asm.Advice;

/**
 * {@code HttpURLConnection} and {@code HttpsURLConnection}: the JDK's {@code http} and {@code https}
 * URL handlers hand out a {@link GuardedHttpURLConnection} or {@link GuardedHttpsURLConnection} in
 * place of the connection they made, for carrier hosts only. A delegating connection, rather than
 * advice on each method of {@code sun.net.www.protocol.http.HttpURLConnection}, is what lets the
 * agent answer from its cache and send a request again after a 401: the JDK's connection can be
 * used for one exchange only, and its header fields are frozen once it connects.
 *
 * <p>Both handlers declare both {@code openConnection} methods, and in JDK 17 the one-argument
 * method calls the other; the wrapping is idempotent, so whichever nesting a JDK uses is fine.
 */
public final class UrlConnectionInstrumentation implements ClientInstrumentation {

    @Override
    public AgentBuilder install(AgentBuilder builder) {
        return builder
                .type(named("sun.net.www.protocol.http.Handler").or(named("sun.net.www.protocol.https.Handler")))
                .transform(new AgentBuilder.Transformer.ForAdvice()
                        .include(UrlConnectionInstrumentation.class.getClassLoader())
                        .advice(named("openConnection")
                                        .and(takesArgument(0, URL.class))
                                        .and(takesArguments(1).or(takesArguments(2).and(takesArgument(1, Proxy.class)))),
                                OpenConnectionAdvice.class.getName()));
    }

    /** Inlined into {@code Handler.openConnection(URL)} and {@code openConnection(URL, Proxy)}. */
    static final class OpenConnectionAdvice {

        private OpenConnectionAdvice() {}

        @Advice.OnMethodExit(suppress = Throwable.class)
        static void onExit(
                @Advice.Argument(0) URL url,
                @Advice.Argument(value = 1, optional = true) Proxy proxy,
                @Advice.Return(readOnly = false) URLConnection connection) {
            connection = Bridge.wrapConnection(connection, url, proxy);
        }
    }
}
