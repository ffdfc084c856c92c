package dev.tokenguard.bootstrap;

import java.io.IOException;
import java.net.Proxy;
import java.net.URL;
import java.net.URLConnection;

/**
 * The entry point of the hooks added to JDK classes. This package is injected into the bootstrap
 * class loader at premain, because code added to {@code sun.net.www.protocol.http.Handler}
 * (bootstrap loader) or {@code jdk.internal.net.http.HttpClientImpl} (platform loader) can only see
 * classes of those loaders. It holds no logic and uses only {@code java.base} types; everything is
 * forwarded to the {@link BridgeTarget} the agent sets.
 *
 * <p>It also holds the "inside tokenguard" mark of the current thread. While it is set, every hook
 * lets calls through untouched: the agent's own token calls, the real request a hook sends on the
 * application's behalf, and a client that another hooked client uses internally are therefore
 * guarded once, by the outermost hook. Hooks of every client library should enter it around the
 * real call they make.
 */
public final class Bridge {

    /** Volatile: set once at premain, read by every hooked call on any thread. */
    private static volatile BridgeTarget target;

    private static final ThreadLocal<Boolean> INSIDE = new ThreadLocal<>();

    private Bridge() {}

    public static void setTarget(BridgeTarget bridgeTarget) {
        target = bridgeTarget;
    }

    /**
     * Marks the current thread as inside tokenguard.
     *
     * @return whether this call set the mark (false when an outer call already had); hand it to
     *         {@link #exit(boolean)} in a {@code finally} block
     */
    public static boolean enter() {
        if (INSIDE.get() != null) {
            return false;
        }
        INSIDE.set(Boolean.TRUE);
        return true;
    }

    /** Clears the mark if the matching {@link #enter()} set it. */
    public static void exit(boolean entered) {
        if (entered) {
            INSIDE.remove();
        }
    }

    public static boolean isInside() {
        return INSIDE.get() != null;
    }

    /**
     * From the exit of the JDK's {@code http} and {@code https} URL handlers' {@code openConnection}:
     * the connection the application gets, which is the one given unless it goes to a carrier.
     *
     * @param proxy the proxy the application asked for, or null
     */
    public static URLConnection wrapConnection(URLConnection connection, URL url, Proxy proxy) {
        BridgeTarget t = target;
        if (t == null || connection == null || INSIDE.get() != null) {
            return connection;
        }
        return t.wrapConnection(connection, url, proxy);
    }

    /**
     * From the entry of {@code HttpClientImpl.send(HttpRequest, BodyHandler)}.
     *
     * @return the {@code HttpResponse} to return instead of running the method, or null to run it
     * @throws IOException          as the real {@code send} would, when tokenguard made the call
     * @throws InterruptedException as the real {@code send} would, when tokenguard made the call
     */
    public static Object send(Object client, Object request, Object bodyHandler)
            throws IOException, InterruptedException {
        BridgeTarget t = target;
        if (t == null || INSIDE.get() != null) {
            return null;
        }
        return t.send(client, request, bodyHandler);
    }

    /**
     * From the entry of both public {@code HttpClientImpl.sendAsync} methods.
     *
     * @param pushPromiseHandler null for the two-argument method
     * @return the {@code CompletableFuture} to return instead of running the method, or null to run it
     */
    public static Object sendAsync(Object client, Object request, Object bodyHandler, Object pushPromiseHandler) {
        BridgeTarget t = target;
        if (t == null || INSIDE.get() != null) {
            return null;
        }
        return t.sendAsync(client, request, bodyHandler, pushPromiseHandler);
    }
}
