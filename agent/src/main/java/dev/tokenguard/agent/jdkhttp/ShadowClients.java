package dev.tokenguard.agent.jdkhttp;

import java.net.http.HttpClient;
import java.util.Map;
import java.util.WeakHashMap;
import java.util.concurrent.locks.ReentrantLock;

/**
 * For each application client, a client set up like it that follows no redirect: tokenguard sends
 * a carrier request that carries the guard's header fields through it, because the application's
 * client would copy those fields to wherever the carrier redirects (the JDK's redirect filter keeps
 * the request's header fields), and follows the redirects itself ({@link JdkRedirects}).
 *
 * <p>The settings the JDK gives back are mirrored: SSL context and parameters, proxy,
 * authenticator, cookie handler (so cookies a redirect sets reach the application's), connect
 * timeout, version and executor. Two have no getter and take the JDK's default: the HTTP/2 stream
 * priority and, on JDK 19 and later, the local address.
 *
 * <p>Weak keys: a shadow lives as long as its application client, whose own threads stop once the
 * application lets go of it. A lock rather than {@code synchronized}, so that a virtual thread does
 * not pin its carrier while a shadow is built.
 */
final class ShadowClients {

    private static final Map<HttpClient, HttpClient> SHADOWS = new WeakHashMap<>();
    private static final ReentrantLock LOCK = new ReentrantLock();

    private ShadowClients() {}

    static HttpClient of(HttpClient client) {
        LOCK.lock();
        try {
            return SHADOWS.computeIfAbsent(client, ShadowClients::mirror);
        } finally {
            LOCK.unlock();
        }
    }

    private static HttpClient mirror(HttpClient client) {
        HttpClient.Builder shadow = HttpClient.newBuilder()
                .followRedirects(HttpClient.Redirect.NEVER)
                .version(client.version())
                .sslContext(client.sslContext())
                .sslParameters(client.sslParameters());
        client.proxy().ifPresent(shadow::proxy);
        client.authenticator().ifPresent(shadow::authenticator);
        client.cookieHandler().ifPresent(shadow::cookieHandler);
        client.connectTimeout().ifPresent(shadow::connectTimeout);
        client.executor().ifPresent(shadow::executor);
        return shadow.build();
    }
}
