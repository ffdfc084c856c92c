package dev.tokenguard.it.app;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;

/**
 * {@code java.net.http}'s {@code sendAsync}, as a reactive application uses it, for
 * {@link ScenarioDriver}: {@code {"op":"jdk-send-async","url":..,"contentType":..,"body":..,
 * "parallel":100}} starts {@code parallel} POSTs from one thread without waiting for any, then
 * collects them; answers {@code {"replies":[{"status","body"} or {"exception"}]}}.
 */
final class JdkSendAsync {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(20)).build();

    ObjectNode send(JsonNode command) throws InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(URI.create(command.path("url").asText()))
                .header("Content-Type", command.path("contentType").asText())
                .timeout(Duration.ofSeconds(30))
                .POST(HttpRequest.BodyPublishers.ofString(command.path("body").asText()))
                .build();
        List<CompletableFuture<HttpResponse<String>>> pending = new ArrayList<>();
        for (int i = 0; i < command.path("parallel").asInt(1); i++) {
            pending.add(client.sendAsync(request, HttpResponse.BodyHandlers.ofString()));
        }
        ObjectNode result = JSON.createObjectNode();
        ArrayNode replies = result.putArray("replies");
        for (CompletableFuture<HttpResponse<String>> future : pending) {
            ObjectNode reply = replies.addObject();
            try {
                HttpResponse<String> response = future.get();
                reply.put("status", response.statusCode());
                reply.put("body", response.body());
            } catch (ExecutionException e) {
                reply.put("exception", String.valueOf(e.getCause()));
            }
        }
        return result;
    }
}
