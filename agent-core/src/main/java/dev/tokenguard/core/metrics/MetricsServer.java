package dev.tokenguard.core.metrics;

import dev.tokenguard.core.config.MetricsEndpoint;
import dev.tokenguard.core.guard.CarrierControl;
import dev.tokenguard.core.policy.PolicyControl;
import io.prometheus.metrics.exporter.httpserver.HTTPServer;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.IOException;
import java.util.List;
import java.util.function.Supplier;
import org.slf4j.Logger;

/**
 * The Prometheus endpoint: client_java's HTTP server on {@code tokenguard.metrics.port} serving
 * {@code /metrics} from a {@link TokenguardCollector}, in the Prometheus text format or OpenMetrics as
 * the scraper's {@code Accept} asks. Its registry is its own, not client_java's default one, so that
 * nothing else in the JVM adds to it or sees it.
 *
 * <p>Call {@link #start} from a daemon thread: the JDK's HTTP server starts its dispatcher thread as
 * the caller's kind, and a non-daemon dispatcher would keep the application's JVM alive after its
 * {@code main} ends. Nothing here runs in premain, and the agent links this class only when the port is
 * configured, so a JVM without it loads no {@code io.prometheus} class.
 */
public final class MetricsServer implements AutoCloseable {
    private final HTTPServer server;

    private MetricsServer(HTTPServer server) {
        this.server = server;
    }

    /**
     * Listens on {@code endpoint}; on failure (the port taken, the JDK's {@code jdk.httpserver} module
     * missing) logs one ERROR naming the key and port, and the application runs on without it.
     *
     * @return the running endpoint, or null when it could not start
     */
    public static MetricsServer start(MetricsEndpoint endpoint, Supplier<List<CarrierControl>> carriers,
            Supplier<List<PolicyControl>> policies, Supplier<Logger> log) {
        PrometheusRegistry registry = new PrometheusRegistry();
        registry.register(new TokenguardCollector(carriers, policies));
        try {
            HTTPServer.Builder builder = HTTPServer.builder().port(endpoint.port()).registry(registry);
            if (endpoint.host() != null) {
                builder.hostname(endpoint.host());
            }
            MetricsServer started = new MetricsServer(builder.buildAndStart());
            log.get().info("tokenguard: Prometheus metrics on http://{}/metrics", endpoint);
            return started;
        } catch (IOException | RuntimeException | LinkageError e) {
            log.get().error("tokenguard: {}={}: could not serve metrics on {} ({}); this JVM has no Prometheus"
                    + " endpoint, the application runs on", MetricsEndpoint.PORT_KEY, endpoint.port(), endpoint, e.toString());
            return null;
        }
    }

    /** The port it listens on. */
    public int port() {
        return server.getPort();
    }

    @Override
    public void close() {
        server.close();
    }
}
