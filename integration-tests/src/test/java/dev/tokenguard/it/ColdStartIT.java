package dev.tokenguard.it;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tokenguard.demo.carrier.Carrier;
import dev.tokenguard.demo.carrier.CarrierSimulator;
import dev.tokenguard.demo.carrier.SimulatorSettings;
import dev.tokenguard.it.support.ForkedApp;
import dev.tokenguard.it.support.FedexAgentConfig;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Cold start on a slow token endpoint: the carrier answers token calls after 3 s, longer than the
 * default {@code token-wait} (2 s), and 100 users need their first token at once. Every user call
 * succeeds, on the one real token call, whose outcome everyone waits for; none is refused because
 * that call is slow. Default settings but for the hosts: this is what a new user meets.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ColdStartIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration TOKEN_LATENCY = Duration.ofSeconds(3);
    private static final int USERS = 100;
    private static final String SECRET = "cold-secret-";
    private static final String ATTACH_CLIENT = "cold-attach";
    /** The demo's client libraries, and {@code java.net.http}'s {@code sendAsync} ({@code "jdk-send-async"}). */
    private static final List<String> CLIENTS =
            List.of("urlconnection", "okhttp", "apache4", "apache5", "apache5-async", "jdk", "jdk-send-async");

    private CarrierSimulator sim;
    private ForkedApp app;

    @BeforeAll
    void start() throws IOException {
        SimulatorSettings.Builder settings = SimulatorSettings.builder()
                .tokenLatency(TOKEN_LATENCY)
                .client(Carrier.FEDEX, ATTACH_CLIENT, SECRET + ATTACH_CLIENT);
        CLIENTS.forEach(client -> settings.client(Carrier.FEDEX, client, SECRET + client));
        sim = CarrierSimulator.start(settings.build());
        app = ForkedApp.builder().agentConfig(config()).start();
    }

    /** Every client library, each with a credential of its own: each scenario is a cold start. */
    List<String> clients() {
        return CLIENTS;
    }

    @AfterAll
    void stop() throws IOException {
        if (app != null) {
            app.close();
        }
        if (sim != null) {
            sim.close();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("clients")
    void aHundredUsersAskingForTheFirstTokenAllGetItFromOneSlowRealCall(String client) throws Exception {
        long callsBefore = sim.stats().of(Carrier.FEDEX).tokenCalls();
        String form = "grant_type=client_credentials&client_id=" + client + "&client_secret=" + SECRET + client;

        List<JsonNode> replies = call(client, sim.baseUrl() + "/oauth/token", "application/x-www-form-urlencoded",
                Map.of(), form);

        assertEquals(Map.of(200, (long) USERS), statuses(replies), () -> firstFailure(replies));
        assertEquals(1, accessTokens(replies).size(), "one token for everyone");
        assertEquals(1, sim.stats().of(Carrier.FEDEX).tokenCalls() - callsBefore, "real token calls");
    }

    @Test
    void aHundredApiCallsWaitingForTheAgentsFirstTokenAllSucceed() throws Exception {
        long callsBefore = sim.stats().of(Carrier.FEDEX).tokenCalls();

        List<JsonNode> replies = call("urlconnection", "http://localhost:" + sim.httpPort() + "/ship/v1/shipments",
                "application/json", Map.of(), "{}");

        assertEquals(Map.of(200, (long) USERS), statuses(replies), () -> firstFailure(replies));
        assertEquals(1, sim.stats().of(Carrier.FEDEX).tokenCalls() - callsBefore, "real token calls");
    }

    /** {@value #USERS} users sending the request at the same instant. */
    private List<JsonNode> call(String client, String url, String contentType, Map<String, String> headers, String body)
            throws IOException {
        Map<String, Object> command = new LinkedHashMap<>();
        if (client.equals("jdk-send-async")) {
            command.put("op", "jdk-send-async");
        } else {
            command.put("op", "call");
            command.put("client", client);
        }
        command.put("method", "POST");
        command.put("url", url);
        command.put("contentType", contentType);
        command.put("headers", headers);
        command.put("body", body);
        command.put("parallel", USERS);
        List<JsonNode> replies = new ArrayList<>();
        app.send(command).path("replies").forEach(replies::add);
        return replies;
    }

    /** How many replies had each status; -1 counts those that got an exception instead. */
    private static Map<Integer, Long> statuses(List<JsonNode> replies) {
        Map<Integer, Long> counts = new TreeMap<>();
        replies.forEach(r -> counts.merge(r.has("status") ? r.get("status").asInt() : -1, 1L, Long::sum));
        return counts;
    }

    private static String firstFailure(List<JsonNode> replies) {
        return replies.stream().filter(r -> r.path("status").asInt() != 200).findFirst().map(JsonNode::toString)
                .orElse("none");
    }

    private static Set<String> accessTokens(List<JsonNode> replies) throws IOException {
        Set<String> tokens = new HashSet<>();
        for (JsonNode reply : replies) {
            tokens.add(JSON.readTree(reply.path("body").asText()).path("access_token").asText());
        }
        return tokens;
    }

    private Path config() throws IOException {
        String attachHost = "localhost:" + sim.httpPort();
        return FedexAgentConfig.write(sim,
                "carrier.attach.preset=fedex",
                "carrier.attach.api-hosts=" + attachHost,
                "carrier.attach.token-url=http://" + attachHost + "/oauth/token",
                "carrier.attach.client-id=" + ATTACH_CLIENT,
                "carrier.attach.client-secret=" + SECRET + ATTACH_CLIENT);
    }
}
