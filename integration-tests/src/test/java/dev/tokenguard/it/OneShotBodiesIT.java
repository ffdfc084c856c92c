package dev.tokenguard.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tokenguard.demo.carrier.Carrier;
import dev.tokenguard.demo.carrier.CarrierSimulator;
import dev.tokenguard.demo.carrier.SimulatorSettings;
import dev.tokenguard.demo.carrier.ThresholdRules;
import dev.tokenguard.it.support.Artifacts;
import dev.tokenguard.it.support.CarrierWorld;
import dev.tokenguard.it.support.ForkedApp;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import okhttp3.mockwebserver.Dispatcher;
import okhttp3.mockwebserver.MockResponse;
import okhttp3.mockwebserver.MockWebServer;
import okhttp3.mockwebserver.RecordedRequest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Request bodies that can be read only once reach the carrier whole under the agent: a token
 * request's form is read (so the agent learns the credential) and the copy it read is what is sent;
 * an API request's body arrives intact whatever its size. One forked JVM serves every scenario.
 *
 * <p>Carriers: {@code sim}, whose token requests the application makes itself on the simulator; and
 * {@code echo}, an API host that records what reaches it, whose tokens the agent takes from the
 * simulator with a credential of its own and attaches.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class OneShotBodiesIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String SECRET = "one-shot-secret-";
    private static final String FORM = "application/x-www-form-urlencoded";
    private static final String ECHO_CLIENT = "echo-client";
    /** Over the agent's 64 KiB cap on the bodies it reads, so a body read only up to it shows. */
    private static final int BEYOND_CAP = 200 * 1024;

    private CarrierSimulator sim;
    private MockWebServer api;
    private ForkedApp app;

    @BeforeAll
    void start() throws IOException {
        SimulatorSettings.Builder settings = SimulatorSettings.builder()
                // Each scenario makes its own first token call; the ban has suites of its own.
                .thresholds(Carrier.FEDEX, ThresholdRules.NONE)
                .client(Carrier.FEDEX, ECHO_CLIENT, SECRET + ECHO_CLIENT);
        for (String client : List.of("google", "input-stream", "single-subscription")) {
            settings.client(Carrier.FEDEX, client, SECRET + client);
        }
        sim = CarrierSimulator.start(settings.build());
        api = new MockWebServer();
        api.setDispatcher(new Dispatcher() {
            @Override
            public MockResponse dispatch(RecordedRequest request) {
                return new MockResponse().setBody("{\"received\":" + request.getBodySize() + "}");
            }
        });
        api.start();
        app = ForkedApp.builder().agentConfig(config()).classpath(Artifacts.appClasspath(jar -> false, googleLibs()))
                .start();
    }

    @AfterAll
    void stop() throws IOException {
        if (app != null) {
            app.close();
        }
        if (api != null) {
            api.shutdown();
        }
        if (sim != null) {
            sim.close();
        }
    }

    @Test
    void googleOAuthClientOnApache5GetsItsTokenAndTheAgentLearnsTheCredential() throws Exception {
        long issuedBefore = sim.stats().of(Carrier.FEDEX).tokensIssued();
        Map<String, String> command = Map.of("op", "google-token", "url", tokenUrl(),
                "clientId", "google", "clientSecret", SECRET + "google");

        JsonNode first = app.send(command);
        JsonNode second = app.send(command);

        assertEquals(200, first.path("status").asInt(), first::toString);
        assertFalse(first.path("accessToken").asText().isEmpty(), first::toString);
        assertEquals(200, second.path("status").asInt(), second::toString);
        assertEquals(first.path("accessToken").asText(), second.path("accessToken").asText(),
                "the second request answered from the agent's cache");
        assertEquals(1, sim.stats().of(Carrier.FEDEX).tokensIssued() - issuedBefore,
                "one real token call, which the simulator accepted: the whole form reached it");
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"input-stream", "single-subscription"})
    void aTokenRequestWithAOneShotPublisherGetsItsTokenAndTheAgentLearnsTheCredential(String publisher)
            throws Exception {
        long issuedBefore = sim.stats().of(Carrier.FEDEX).tokensIssued();
        String form = "grant_type=client_credentials&client_id=" + publisher + "&client_secret=" + SECRET + publisher;

        JsonNode first = jdkOneShot(publisher, tokenUrl(), FORM, form);
        JsonNode second = jdkOneShot(publisher, tokenUrl(), FORM, form);

        assertEquals(200, first.path("status").asInt(), first::toString);
        assertEquals(200, second.path("status").asInt(), second::toString);
        assertEquals(accessToken(first), accessToken(second), "the second request answered from the agent's cache");
        assertEquals(1, sim.stats().of(Carrier.FEDEX).tokensIssued() - issuedBefore,
                "one real token call, which the simulator accepted: the whole form reached it");
    }

    @ParameterizedTest(name = "{0}, {1} bytes")
    @CsvSource({"input-stream, 1024", "single-subscription, 1024",
            "input-stream, " + BEYOND_CAP, "single-subscription, " + BEYOND_CAP})
    void anApiRequestWithAOneShotPublisherArrivesIntact(String publisher, int size) throws Exception {
        String path = "/ship/v1/shipments/" + publisher + "-" + size;
        String body = document(size);

        JsonNode reply = jdkOneShot(publisher, "http://127.0.0.1:" + api.getPort() + path, "application/json", body);

        assertEquals(200, reply.path("status").asInt(), reply::toString);
        RecordedRequest received = CarrierWorld.nextRequestTo(api, path);
        assertTrue(String.valueOf(received.getHeader("Authorization")).startsWith("Bearer "),
                "a carrier request: the agent attached its token");
        assertEquals(body.length(), received.getBodySize(), "bytes received");
        assertEquals(body, received.getBody().readUtf8());
    }

    private JsonNode jdkOneShot(String publisher, String url, String contentType, String body) throws IOException {
        Map<String, Object> command = new LinkedHashMap<>();
        command.put("op", "jdk-one-shot");
        command.put("publisher", publisher);
        command.put("url", url);
        command.put("contentType", contentType);
        command.put("body", body);
        return app.send(command);
    }

    private String tokenUrl() {
        return sim.baseUrl() + "/oauth/token";
    }

    private static String accessToken(JsonNode reply) throws IOException {
        return JSON.readTree(reply.path("body").asText()).path("access_token").asText();
    }

    /** A JSON document of at least {@code size} bytes whose every part differs, so a lost or repeated piece shows. */
    private static String document(int size) {
        StringBuilder items = new StringBuilder("{\"items\":[0");
        for (int i = 1; items.length() < size; i++) {
            items.append(',').append(i);
        }
        return items.append("]}").toString();
    }

    private Path config() throws IOException {
        String simHost = "127.0.0.1:" + sim.httpPort();
        Path config = Files.createTempFile("tokenguard-one-shot", ".properties");
        Files.writeString(config, String.join("\n", List.of(
                "carrier.sim.preset=fedex",
                "carrier.sim.api-hosts=" + simHost,
                "carrier.sim.token-url=http://" + simHost + "/oauth/token",
                "carrier.sim.min-interval=0ms",
                // Every scenario renews a credential of its own at once; the limiter has suites of its own.
                "carrier.sim.token-rate=20/1s",
                "carrier.echo.preset=fedex",
                "carrier.echo.api-hosts=127.0.0.1:" + api.getPort(),
                "carrier.echo.token-url=http://localhost:" + sim.httpPort() + "/oauth/token",
                "carrier.echo.client-id=" + ECHO_CLIENT,
                "carrier.echo.client-secret=" + SECRET + ECHO_CLIENT,
                "tokenguard.log.level=debug", "")));
        return config;
    }

    private static Path[] googleLibs() throws IOException {
        try (Stream<Path> jars = Files.list(Path.of(System.getProperty("tokenguard.googleLib")))) {
            return jars.sorted().toArray(Path[]::new);
        }
    }
}
