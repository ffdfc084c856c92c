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
import java.util.List;
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

    /** The next request that reached the server at this path, skipping others; fails after 5 s. */
    public static RecordedRequest nextRequestTo(MockWebServer server, String path) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
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
        String fedexHost = "127.0.0.1:" + fedex.httpPort();
        String fedexTlsHost = "127.0.0.1:" + fedex.httpsPort();
        String fencedHost = "127.0.0.1:" + fenced.httpPort();
        String lines = String.join("\n", List.of(
                "# written by CarrierWorld for one client suite",
                "carrier.fedex.preset=fedex",
                "carrier.fedex.api-hosts=" + fedexHost,
                "carrier.fedex.token-url=http://" + fedexHost + "/oauth/token",
                "carrier.fedex.min-interval=0ms",
                "carrier.fedex.token-rate=" + SCENARIO_TOKEN_RATE,
                "carrier.fedex.token-wait=5s",
                "carrier.fedex-tls.preset=fedex",
                "carrier.fedex-tls.api-hosts=" + fedexTlsHost,
                "carrier.fedex-tls.token-url=https://" + fedexTlsHost + "/oauth/token",
                "carrier.fedex-tls.min-interval=0ms",
                "carrier.fedex-tls.token-rate=" + SCENARIO_TOKEN_RATE,
                "carrier.fedex-tls.token-wait=5s",
                "carrier.attach.preset=fedex",
                "carrier.attach.api-hosts=localhost:" + fedex.httpPort(),
                "carrier.attach.token-url=http://localhost:" + fedex.httpPort() + "/oauth/token",
                "carrier.attach.client-id=" + ATTACH_CLIENT,
                "carrier.attach.client-secret=" + SECRET + ATTACH_CLIENT,
                "carrier.attach.min-interval=0ms",
                "carrier.attach.token-rate=" + SCENARIO_TOKEN_RATE,
                "carrier.attach.token-wait=5s",
                "carrier.attach-tls.preset=fedex",
                "carrier.attach-tls.api-hosts=localhost:" + fedex.httpsPort(),
                "carrier.attach-tls.token-url=https://localhost:" + fedex.httpsPort() + "/oauth/token",
                "carrier.attach-tls.client-id=" + ATTACH_TLS_CLIENT,
                "carrier.attach-tls.client-secret=" + SECRET + ATTACH_TLS_CLIENT,
                "carrier.attach-tls.min-interval=0ms",
                "carrier.attach-tls.token-rate=" + SCENARIO_TOKEN_RATE,
                "carrier.attach-tls.token-wait=5s",
                "carrier.redirecting.preset=fedex",
                "carrier.redirecting.api-hosts=127.0.0.1:" + redirecting.getPort(),
                "carrier.redirecting.token-url=http://localhost:" + fenced.httpPort() + "/oauth/token",
                "carrier.redirecting.client-id=client-39",
                "carrier.redirecting.client-secret=" + SECRET + 39,
                "carrier.killed.preset=fedex",
                "carrier.killed.api-hosts=" + fencedHost,
                "carrier.killed.token-url=http://" + fencedHost + "/oauth/token",
                "carrier.killed.kill-switch=on",
                "carrier.killed-tls.preset=fedex",
                "carrier.killed-tls.api-hosts=127.0.0.1:" + fenced.httpsPort(),
                "carrier.killed-tls.token-url=https://127.0.0.1:" + fenced.httpsPort() + "/oauth/token",
                "carrier.killed-tls.kill-switch=on",
                "carrier.limited.preset=generic",
                "carrier.limited.api-hosts=localhost:" + plain.getPort(),
                "carrier.limited.min-interval=0ms",
                "carrier.limited.token-url=http://localhost:" + plain.getPort() + "/oauth/token",
                "carrier.limited.token-rate=1/1m",
                "carrier.limited.token-wait=200ms",
                "tokenguard.log.level=debug",
                ""));
        Path config = Files.createTempFile("tokenguard-it", ".properties");
        Files.writeString(config, lines);
        return config;
    }

    @Override
    public void close() throws IOException {
        fedex.close();
        fenced.close();
        plain.shutdown();
        redirecting.shutdown();
    }
}
