package dev.tokenguard.bootstrap;

import java.io.IOException;
import java.net.Proxy;
import java.net.URL;
import java.net.URLConnection;

/**
 * What {@link Bridge} forwards to: implemented by the agent in the system class loader, where the
 * real logic can see agent-core and every {@code java.*} type. Parameters are {@code Object} where
 * the type is not in {@code java.base}, so that this interface loads in the bootstrap class loader.
 */
public interface BridgeTarget {

    /** See {@link Bridge#wrapConnection}. */
    URLConnection wrapConnection(URLConnection connection, URL url, Proxy proxy);

    /** See {@link Bridge#send}. */
    Object send(Object client, Object request, Object bodyHandler) throws IOException, InterruptedException;

    /** See {@link Bridge#sendAsync}. */
    Object sendAsync(Object client, Object request, Object bodyHandler, Object pushPromiseHandler);
}
