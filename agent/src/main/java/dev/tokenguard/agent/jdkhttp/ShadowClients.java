package dev.tokenguard.agent.jdkhttp;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.net.http.HttpClient;
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
 * application lets go of it. Caffeine's weak keys compare by identity, as the JDK's clients do.
 *
 * <p>The lookup, which happens on every guarded send, takes no lock: a Caffeine cache reads without
 * one. Only a miss takes the lock, and looks again under it, so that each application client gets
 * one shadow (building one starts the JDK's selector thread). The shadow is built under a
 * {@link ReentrantLock} rather than inside {@code Cache.get(key, mappingFunction)}, whose
 * {@code ConcurrentHashMap.compute} is {@code synchronized} and would pin a virtual thread's
 * carrier while a shadow is built. Maintenance runs on the calling thread, not in the common pool.
 */
final class ShadowClients {

    private static final Cache<HttpClient, HttpClient> SHADOWS =
            Caffeine.newBuilder().weakKeys().executor(Runnable::run).build();
    private static final ReentrantLock BUILDING = new ReentrantLock();

    private ShadowClients() {}

    static HttpClient of(HttpClient client) {
        HttpClient shadow = SHADOWS.getIfPresent(client); // the common case: no lock
        if (shadow != null) {
            return shadow;
        }
        BUILDING.lock();
        try {
            shadow = SHADOWS.getIfPresent(client); // another thread may have built it meanwhile
            if (shadow == null) {
                shadow = mirror(client);
                SHADOWS.put(client, shadow);
            }
            return shadow;
        } finally {
            BUILDING.unlock();
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
