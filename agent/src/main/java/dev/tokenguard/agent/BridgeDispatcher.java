package dev.tokenguard.agent;

import dev.tokenguard.agent.jdkhttp.JdkHttpClientHandler;
import dev.tokenguard.agent.urlconnection.CarrierConnections;
import dev.tokenguard.bootstrap.BridgeTarget;
import java.io.IOException;
import java.net.Proxy;
import java.net.URL;
import java.net.URLConnection;

/** The agent's side of the bootstrap bridge: hands each JDK hook to its client package. */
final class BridgeDispatcher implements BridgeTarget {

    @Override
    public URLConnection wrapConnection(URLConnection connection, URL url, Proxy proxy) {
        return CarrierConnections.wrap(connection, url, proxy);
    }

    @Override
    public Object send(Object client, Object request, Object bodyHandler) throws IOException, InterruptedException {
        return JdkHttpClientHandler.send(client, request, bodyHandler);
    }

    @Override
    public Object sendAsync(Object client, Object request, Object bodyHandler, Object pushPromiseHandler) {
        return JdkHttpClientHandler.sendAsync(client, request, bodyHandler, pushPromiseHandler);
    }
}
