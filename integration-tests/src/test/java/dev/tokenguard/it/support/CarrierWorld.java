package dev.tokenguard.it.support;

import dev.tokenguard.demo.carrier.Carrier;
import dev.tokenguard.demo.carrier.CarrierSimulator;
import dev.tokenguard.demo.carrier.CarrierStats;
import dev.tokenguard.demo.carrier.SelfSignedTls;
import dev.tokenguard.demo.carrier.SimulatorSettings;
import dev.tokenguard.demo.carrier.ThresholdRules;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import okhttp3.mockwebserver.Dispatcher;
import okhttp3.mockwebserver.MockResponse;
import okhttp3.mockwebserver.MockWebServer;
import okhttp3.mockwebserver.RecordedRequest;

/**
 * Everything outside the application that a client suite talks to, in the test JVM: a FedEx
 * simulator over HTTP and HTTPS whose new tokens revoke the old, a second simulator for the
 * kill-switch and limiter scenarios, and two plain servers for non-carrier traffic and redirects.
 * Writes the agent configuration that names them.
 *
 * <p>Carriers in that configuration:
 * <ul>
 *   <li>{@code fedex} (http) and {@code fedex-tls} (https): the application makes its own token
 *       calls; the agent learns credentials from them.</li>
 *   <li>{@code attach} (http) and {@code attach-tls} (https): the agent holds credentials and
 *       attaches tokens.</li>
 *   <li>{@code redirecting}: an API host (a plain server) that redirects to a non-carrier host.</li>
 *   <li>{@code killed} (http) and {@code killed-tls} (https): kill-switch on from the start.
 *       {@code limited}: one token call a minute.</li>
 * </ul>
 */
public final class CarrierWorld implements AutoCloseable {
    public static final Duration TOKEN_LIFETIME = Duration.ofSeconds(3);
    public static final String ATTACH_CLIENT = "attach-client";
    public static final String ATTACH_TLS_CLIENT = "attach-tls-client";
    public static final String SECRET = "s3cret-";
    /**
     * The scenarios renew on purpose, a new credential each, in quick succession; the limiter has a
     * scenario of its own ({@code limited}), so the others are not paced by the FedEx preset's band.
     */
    private static final String SCENARIO_TOKEN_RATE = "20/1s";

    public final SelfSignedTls tls;
    public final CarrierSimulator fedex;
    public final CarrierSimulator fenced;
    public final MockWebServer plain;
    public final MockWebServer redirecting;
    private final HttpClient outsider;

    public CarrierWorld() throws IOException {
        tls = SelfSignedTls.generate();
        SimulatorSettings.Builder settings = SimulatorSettings.builder()
                .tokenLifetime(TOKEN_LIFETIME)
                .revokePrevious(true)
                // Scenarios call the token endpoint on purpose; the ban has suites of its own.
                .thresholds(Carrier.FEDEX, ThresholdRules.NONE)
                .client(Carrier.FEDEX, ATTACH_CLIENT, SECRET + ATTACH_CLIENT)
                .client(Carrier.FEDEX, ATTACH_TLS_CLIENT, SECRET + ATTACH_TLS_CLIENT);
        for (int i = 0; i < 40; i++) {
            settings.client(Carrier.FEDEX, "client-" + i, SECRET + i);
        }
        fedex = CarrierSimulator.builder(settings.build()).https(tls).start();
        fenced = CarrierSimulator.builder(settings.build()).https(tls).start();
        plain = new MockWebServer();
        plain.setDispatcher(new PlainDispatcher());
        plain.start();
        redirecting = new MockWebServer();
        redirecting.setDispatcher(new Dispatcher() {
            @Override
            public MockResponse dispatch(RecordedRequest request) {
                return new MockResponse().setResponseCode(302).setHeader("Location", plainUrl("/landing"));
            }
        });
        redirecting.start();
        outsider = HttpClient.newBuilder().sslContext(tls.clientSslContext()).build();
    }

    /** The plain server as a non-carrier host. */
    public String plainUrl(String path) {
        return "http://127.0.0.1:" + plain.getPort() + path;
    }

    /** The plain server as the {@code limited} carrier. */
    public String limitedUrl(String path) {
        return "http://localhost:" + plain.getPort() + path;
    }

    public String redirectingUrl(String path) {
        return "http://127.0.0.1:" + redirecting.getPort() + path;
    }

    /** The next request that reached the server at this path, skipping others; fails after 30 s. */
    public static RecordedRequest nextRequestTo(MockWebServer server, String path) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (System.nanoTime() < deadline) {
            RecordedRequest r = server.takeRequest(deadline - System.nanoTime(), TimeUnit.NANOSECONDS);
            if (r != null && path.equals(r.getPath())) {
                return r;
            }
        }
        throw new AssertionError("no request to " + path + " reached " + server.getHostName() + ":" + server.getPort());
    }

    /** A token endpoint for the {@code limited} carrier at /oauth/token; any other path echoes 200. */
    private static final class PlainDispatcher extends Dispatcher {
        private final AtomicInteger issued = new AtomicInteger();

        @Override
        public MockResponse dispatch(RecordedRequest request) {
            if ("/oauth/token".equals(request.getPath())) {
                return new MockResponse().setHeader("Content-Type", "application/json").setBody(
                        "{\"access_token\":\"plain-" + issued.incrementAndGet() + "\",\"token_type\":\"bearer\",\"expires_in\":3599}");
            }
            return new MockResponse().setBody("plain " + request.getMethod() + " " + request.getPath());
        }
    }

    public String fedexUrl(boolean https) {
        return https ? fedex.httpsBaseUrl() : fedex.baseUrl();
    }

    /** The API host of the {@code attach} (http) or {@code attach-tls} carrier. */
    public String attachUrl(boolean https) {
        return (https ? "https" : "http") + "://localhost:" + (https ? fedex.httpsPort() : fedex.httpPort());
    }

    /** The host of the {@code killed} (http) or {@code killed-tls} carrier. */
    public String killedUrl(boolean https) {
        return https ? fenced.httpsBaseUrl() : fenced.baseUrl();
    }

    public CarrierStats fedexStats() {
        return fedex.stats().of(Carrier.FEDEX);
    }

    public CarrierStats fencedStats() {
        return fenced.stats().of(Carrier.FEDEX);
    }

    /** The form body of a token call for {@code client-<i>}. */
    public static String tokenForm(int client) {
        return "grant_type=client_credentials&client_id=client-" + client + "&client_secret=" + SECRET + client;
    }

    /**
     * A token call made from outside the application (another instance behind the same IP): with
     * revocation on, it revokes the token the application holds.
     */
    public String revokeFromOutside(String clientId, String secret) throws IOException, InterruptedException {
        HttpResponse<String> response = outsider.send(HttpRequest.newBuilder(URI.create(fedex.baseUrl() + "/oauth/token"))
                        .header("Content-Type", "application/x-www-form-urlencoded")
                        .POST(HttpRequest.BodyPublishers.ofString(
                                "grant_type=client_credentials&client_id=" + clientId + "&client_secret=" + secret))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new IllegalStateException("outside token call failed: " + response.statusCode() + " " + response.body());
        }
        return response.body();
    }

    public Path writeAgentConfig() throws IOException {
        StringBuilder config = new StringBuilder("# written by CarrierWorld for one client suite\n");
        scenarioCarrier(config, "fedex", "http://127.0.0.1:" + fedex.httpPort(), null);
        scenarioCarrier(config, "fedex-tls", "https://127.0.0.1:" + fedex.httpsPort(), null);
        scenarioCarrier(config, "attach", "http://localhost:" + fedex.httpPort(), ATTACH_CLIENT);
        scenarioCarrier(config, "attach-tls", "https://localhost:" + fedex.httpsPort(), ATTACH_TLS_CLIENT);
        carrier(config, "redirecting", "fedex", "127.0.0.1:" + redirecting.getPort(),
                "http://localhost:" + fenced.httpPort() + "/oauth/token")
                .append("carrier.redirecting.client-id=client-39\n")
                .append("carrier.redirecting.client-secret=").append(SECRET).append("39\n");
        carrier(config, "killed", "fedex", "127.0.0.1:" + fenced.httpPort(), fenced.baseUrl() + "/oauth/token")
                .append("carrier.killed.kill-switch=on\n");
        carrier(config, "killed-tls", "fedex", "127.0.0.1:" + fenced.httpsPort(), fenced.httpsBaseUrl() + "/oauth/token")
                .append("carrier.killed-tls.kill-switch=on\n");
        carrier(config, "limited", "generic", "localhost:" + plain.getPort(), limitedUrl("/oauth/token"))
                .append("carrier.limited.min-interval=0ms\n")
                .append("carrier.limited.token-rate=1/1m\n")
                .append("carrier.limited.token-wait=200ms\n");
        config.append("tokenguard.log.level=debug\n");
        Path file = Files.createTempFile("tokenguard-it", ".properties");
        Files.writeString(file, config);
        return file;
    }

    /** A carrier on the FedEx simulator at {@code origin}, optionally with credentials of the agent's own. */
    private static void scenarioCarrier(StringBuilder config, String id, String origin, String clientId) {
        carrier(config, id, "fedex", origin.substring(origin.indexOf("://") + 3), origin + "/oauth/token");
        String prefix = "carrier." + id + ".";
        if (clientId != null) {
            config.append(prefix).append("client-id=").append(clientId).append('\n')
                    .append(prefix).append("client-secret=").append(SECRET).append(clientId).append('\n');
        }
        config.append(prefix).append("min-interval=0ms\n")
                .append(prefix).append("token-rate=").append(SCENARIO_TOKEN_RATE).append('\n')
                .append(prefix).append("token-wait=5s\n");
    }

    private static StringBuilder carrier(StringBuilder config, String id, String preset, String apiHost, String tokenUrl) {
        String prefix = "carrier." + id + ".";
        return config.append(prefix).append("preset=").append(preset).append('\n')
                .append(prefix).append("api-hosts=").append(apiHost).append('\n')
                .append(prefix).append("token-url=").append(tokenUrl).append('\n');
    }

    @Override
    public void close() throws IOException {
        fedex.close();
        fenced.close();
        plain.shutdown();
        redirecting.shutdown();
    }
}
