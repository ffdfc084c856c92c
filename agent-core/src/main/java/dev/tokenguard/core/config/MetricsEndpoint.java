package dev.tokenguard.core.config;

/**
 * {@code tokenguard.metrics.port} and {@code tokenguard.metrics.host}: where the Prometheus endpoint
 * listens. A configuration without a port (or with port 0) has none: {@link TokenguardConfig#metrics()}
 * is null then.
 *
 * @param host the address to bind, or null for every interface (the exporter's own default, so that a
 *             Prometheus on another machine can scrape it)
 * @param port 1 to 65535
 */
public record MetricsEndpoint(String host, int port) {
    /** The key that turns the endpoint on, for messages about it. */
    public static final String PORT_KEY = "tokenguard.metrics.port";

    /** {@code 127.0.0.1:9464}, or {@code *:9464} for every interface: for the start line and messages. */
    @Override
    public String toString() {
        String shownHost = host == null ? "*" : host.indexOf(':') >= 0 ? "[" + host + "]" : host;
        return shownHost + ":" + port;
    }
}
