package dev.tokenguard.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tokenguard.it.support.ForkedApp;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import okhttp3.mockwebserver.Dispatcher;
import okhttp3.mockwebserver.MockResponse;
import okhttp3.mockwebserver.MockWebServer;
import okhttp3.mockwebserver.RecordedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A carrier whose token URL is plain {@code http://} on the default port: the agent never puts a
 * bearer on a plain-HTTP API request to that host unless {@code host:80} is in {@code api-hosts}
 * by name. A bearer sent in clear is readable by anyone on the path.
 *
 * <p>Port 80 is not ours to bind, so the carrier host {@code carrier.test} is reached through an
 * HTTP proxy (the application's {@code http.proxyHost}) that records what would have gone on the
 * wire and answers as the carrier.
 */
class PlainHttpTokenUrlIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String HOST = "carrier.test";
    private static final String FORM = "grant_type=client_credentials&client_id=plain-client&client_secret=plain-secret";

    private MockWebServer carrierOnPort80;

    @BeforeEach
    void startProxy() throws IOException {
        carrierOnPort80 = new MockWebServer();
        carrierOnPort80.setDispatcher(new CarrierBehindProxy());
        carrierOnPort80.start();
    }

    @AfterEach
    void stopProxy() throws IOException {
        carrierOnPort80.shutdown();
    }

    @Test
    void aBareHostInApiHostsGetsNoBearerOverPlainHttp() throws Exception {
        try (ForkedApp app = start(HOST)) {
            String token = tokenFromCarrier(app);
            JsonNode reply = apiCall(app, "/ship/v1/shipments/bare");

            assertEquals(200, reply.path("status").asInt(), reply::toString);
            RecordedRequest sent = nextRequestTo("/ship/v1/shipments/bare");
            assertNull(sent.getHeader("Authorization"), "token " + token + " attached to a plain-HTTP request");
        }
    }

    @Test
    void hostPort80NamedInApiHostsGetsTheBearer() throws Exception {
        try (ForkedApp app = start(HOST + ":80")) {
            String token = tokenFromCarrier(app);
            JsonNode reply = apiCall(app, "/ship/v1/shipments/port80");

            assertEquals(200, reply.path("status").asInt(), reply::toString);
            RecordedRequest sent = nextRequestTo("/ship/v1/shipments/port80");
            assertEquals("Bearer " + token, sent.getHeader("Authorization"));
        }
    }

    private ForkedApp start(String apiHosts) throws IOException {
        Path config = Files.createTempFile("tokenguard-plain-http", ".properties");
        Files.writeString(config, String.join("\n", List.of(
                "carrier.plain.preset=fedex",
                "carrier.plain.api-hosts=" + apiHosts,
                "carrier.plain.token-url=http://" + HOST + "/oauth/token", "")));
        return ForkedApp.builder().agentConfig(config)
                .jvmArg("-Dhttp.proxyHost=127.0.0.1")
                .jvmArg("-Dhttp.proxyPort=" + carrierOnPort80.getPort())
                .start();
    }

    /** The application's own token call, which teaches the agent the credential and its token. */
    private static String tokenFromCarrier(ForkedApp app) throws IOException {
        JsonNode reply = call(app, "/oauth/token", "application/x-www-form-urlencoded", FORM);
        assertEquals(200, reply.path("status").asInt(), reply::toString);
        return JSON.readTree(reply.path("body").asText()).path("access_token").asText();
    }

    /** An API call that carries no {@code Authorization}: the kind the agent attaches its token to. */
    private static JsonNode apiCall(ForkedApp app, String path) throws IOException {
        return call(app, path, "application/json", "{}");
    }

    private static JsonNode call(ForkedApp app, String path, String contentType, String body) throws IOException {
        Map<String, Object> command = new LinkedHashMap<>();
        command.put("op", "call");
        command.put("client", "urlconnection");
        command.put("method", "POST");
        command.put("url", "http://" + HOST + path);
        command.put("contentType", contentType);
        command.put("headers", Map.of());
        command.put("body", body);
        command.put("parallel", 1);
        return app.send(command).path("replies").get(0);
    }

    /** The next request for {@code path} that reached the proxy, skipping others; fails after 30 s. */
    private RecordedRequest nextRequestTo(String path) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        List<String> others = new ArrayList<>();
        while (System.nanoTime() < deadline) {
            RecordedRequest r = carrierOnPort80.takeRequest(deadline - System.nanoTime(), TimeUnit.NANOSECONDS);
            if (r != null && path.equals(pathOf(r))) {
                return r;
            }
            if (r != null) {
                others.add(r.getRequestLine());
            }
        }
        throw new AssertionError("no request to " + path + " reached the proxy, only " + others);
    }

    /** The path of a request sent to a proxy, whose request line holds the absolute URL. */
    private static String pathOf(RecordedRequest request) {
        return URI.create(request.getRequestLine().split(" ")[1]).getRawPath();
    }

    /** The carrier as the proxy sees it: requests arrive with the absolute URL as their target. */
    private static final class CarrierBehindProxy extends Dispatcher {
        private final AtomicInteger issued = new AtomicInteger();

        @Override
        public MockResponse dispatch(RecordedRequest request) {
            if ("/oauth/token".equals(pathOf(request))) {
                return new MockResponse().setHeader("Content-Type", "application/json").setBody(
                        "{\"access_token\":\"plain-http-token-" + issued.incrementAndGet()
                                + "\",\"token_type\":\"bearer\",\"expires_in\":3599}");
            }
            return new MockResponse().setBody("{}");
        }
    }
}
