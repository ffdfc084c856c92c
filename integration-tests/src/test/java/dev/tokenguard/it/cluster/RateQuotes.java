package dev.tokenguard.it.cluster;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tokenguard.demo.carrier.CarrierSimulator;
import dev.tokenguard.it.support.ForkedApp;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Single FedEx rate quotes sent by one instance's application with a client id of the test's own,
 * for the scenarios that watch what one call gets: its token is asked for through the application,
 * as the application would, so that the agent knows the call's credential.
 */
final class RateQuotes {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String RATE_BODY = "{\"accountNumber\":{\"value\":\"123456789\"}}";

    private final ForkedApp app;
    private final CarrierSimulator sim;
    private final String token;

    private RateQuotes(ForkedApp app, CarrierSimulator sim, String token) {
        this.app = app;
        this.sim = sim;
        this.token = token;
    }

    /** Quotes of {@code clientId}, whose secret the simulator knows as {@link #secret}. */
    static RateQuotes of(ForkedApp app, CarrierSimulator sim, String clientId) throws IOException {
        Map<String, Object> command = command("POST", sim.baseUrl() + "/oauth/token");
        command.put("contentType", "application/x-www-form-urlencoded");
        command.put("body", "grant_type=client_credentials&client_id=" + clientId + "&client_secret=" + secret(clientId));
        JsonNode reply = app.send(command).path("replies").get(0);
        if (reply.path("status").asInt() != 200) {
            throw new AssertionError("no token for " + clientId + ": " + reply);
        }
        return new RateQuotes(app, sim, JSON.readTree(reply.path("body").asText()).path("access_token").asText());
    }

    static String secret(String clientId) {
        return "secret-" + clientId;
    }

    /** One quote: {@code {"status","headers","body"}} as the application got it. */
    JsonNode send() throws IOException {
        Map<String, Object> command = command("POST", sim.baseUrl() + "/rate/v1/rates/quotes");
        command.put("contentType", "application/json");
        command.put("body", RATE_BODY);
        command.put("headers", Map.of("Authorization", "Bearer " + token));
        return app.send(command).path("replies").get(0);
    }

    private static Map<String, Object> command(String method, String url) {
        Map<String, Object> command = new LinkedHashMap<>();
        command.put("op", "call");
        command.put("client", "urlconnection");
        command.put("method", method);
        command.put("url", url);
        return command;
    }

    /** Whether the agent, not the carrier, answered: its answers carry {@code X-Tokenguard}. */
    static boolean byAgent(JsonNode reply) {
        return reply.path("headers").has("x-tokenguard");
    }

    static String field(JsonNode reply) {
        return reply.path("headers").path("x-tokenguard").asText();
    }
}
