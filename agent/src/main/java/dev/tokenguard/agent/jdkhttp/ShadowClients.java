package dev.tokenguard.agent.jdkhttp;

import java.lang.ref.Cleaner;
import java.lang.ref.WeakReference;
import java.net.http.HttpClient;
import java.util.Iterator;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;

/**
 * For each application client, a client set up like it that follows no redirect: tokenguard sends
 * a carrier request through it, because the application's client would copy the request's
 * {@code Authorization} to wherever the carrier redirects (the JDK's redirect filter keeps the
 * request's header fields), and follows the redirects itself ({@link JdkRedirects}).
 *
 * <p>The settings the JDK gives back are mirrored: SSL context and parameters, proxy,
 * authenticator, cookie handler (so cookies a redirect sets reach the application's), connect
 * timeout, version and executor. Two have no getter and take the JDK's default: the HTTP/2 stream
 * priority and, on JDK 19 and later, the local address.
 *
 * <p>How a shadow is let go: the map holds its application client weakly, and a {@link Cleaner}
 * registered on that client removes the entry as soon as the client is collected, so the shadow
 * is no longer held either; no later lookup is needed for that. A shadow nobody holds stops its
 * selector thread by itself (the JDK's {@code HttpClientImpl} ends it once its facade is
 * unreachable and no exchange is open), which is also all that {@code close()} would do on the JDK
 * versions that have it, without waiting on open exchanges. At most {@value #MAX_SHADOWS} shadows
 * are held: an application that makes a client per request would otherwise hold a selector
 * thread per client for as long as it keeps them; past the bound one is dropped (an exchange in
 * flight on it keeps it until it ends) and built again if its client comes back.
 *
 * <p>The lookup, which happens on every guarded send, takes no lock. Only a miss takes the lock,
 * and looks again under it, so that each application client gets one shadow (building one starts
 * the JDK's selector thread). A {@link ReentrantLock} rather than {@code computeIfAbsent}, whose
 * bin lock is a monitor and would pin a virtual thread's carrier while a shadow is built.
 */
final class ShadowClients {

    static final int MAX_SHADOWS = 64;

    private static final Map<ClientKey, HttpClient> SHADOWS = new ConcurrentHashMap<>();
    private static final Cleaner RELEASER = Cleaner.create();
    private static final ReentrantLock BUILDING = new ReentrantLock();

    private ShadowClients() {}

    static HttpClient of(HttpClient client) {
        HttpClient shadow = SHADOWS.get(new ClientKey(client)); // the common case: no lock
        if (shadow != null) {
            return shadow;
        }
        BUILDING.lock();
        try {
            ClientKey key = new ClientKey(client);
            shadow = SHADOWS.get(key); // another thread may have built it meanwhile
            if (shadow == null) {
                shadow = mirror(client);
                makeRoom();
                SHADOWS.put(key, shadow);
                RELEASER.register(client, () -> SHADOWS.remove(key));
            }
            return shadow;
        } finally {
            BUILDING.unlock();
        }
    }

    /** How many shadows are held now. */
    static int held() {
        return SHADOWS.size();
    }

    private static void makeRoom() {
        Iterator<ClientKey> keys = SHADOWS.keySet().iterator();
        while (SHADOWS.size() >= MAX_SHADOWS && keys.hasNext()) {
            keys.next();
            keys.remove();
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

    /**
     * An application client, held weakly and compared by identity, as the JDK's clients compare. A
     * key whose client is gone equals only itself, which is how its cleaning action finds it.
     */
    private static final class ClientKey extends WeakReference<HttpClient> {
        private final int hash;

        ClientKey(HttpClient client) {
            super(client);
            this.hash = System.identityHashCode(client);
        }

        @Override
        public boolean equals(Object other) {
            if (this == other) {
                return true;
            }
            HttpClient client = get();
            return other instanceof ClientKey key && client != null && client == key.get();
        }

        @Override
        public int hashCode() {
            return hash;
        }
    }
}
