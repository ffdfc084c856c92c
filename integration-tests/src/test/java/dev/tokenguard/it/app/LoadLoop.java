package dev.tokenguard.it.app;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tokenguard.demo.client.http.ClientRequest;
import dev.tokenguard.demo.client.http.HttpReply;
import dev.tokenguard.demo.client.http.HttpTransport;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/**
 * Sustained load, for the scenarios that change something while calls go on (a block switched on
 * and off, a reload): {@code threads} callers each send the request again and again for
 * {@code durationMillis}, and every reply is answered with when it was sent and came back
 * (milliseconds since the epoch, so that the test can line them up with what it did meanwhile), its
 * status, and the {@code X-Tokenguard} field where the agent answered in the carrier's place.
 *
 * <p>Command: {@code {"op":"load","client":..,"method":..,"url":..,"headers":{..},"body":..,
 * "threads":N,"durationMillis":D,"pauseMillis":P}}, where {@code pauseMillis} (0 by default) is how
 * long each caller rests between its calls. Answer: {@code {"calls":[[sent,done,status,"x-tokenguard"
 * or null],...]}}, or an {@code "exception"} element instead of the status where the client threw.
 */
final class LoadLoop {
    private final ObjectMapper json;
    private final ExecutorService callers;

    LoadLoop(ObjectMapper json, ExecutorService callers) {
        this.json = json;
        this.callers = callers;
    }

    ObjectNode run(HttpTransport http, ClientRequest request, JsonNode command) throws Exception {
        int threads = command.path("threads").asInt(1);
        long pause = command.path("pauseMillis").asLong(0);
        long end = System.currentTimeMillis() + command.path("durationMillis").asLong(1000);
        List<Future<ArrayNode>> loops = new ArrayList<>();
        for (int i = 0; i < threads; i++) {
            loops.add(callers.submit(() -> loop(http, request, end, pause)));
        }
        ObjectNode result = json.createObjectNode();
        ArrayNode calls = result.putArray("calls");
        for (Future<ArrayNode> loop : loops) {
            calls.addAll(loop.get());
        }
        return result;
    }

    private ArrayNode loop(HttpTransport http, ClientRequest request, long end, long pause) throws InterruptedException {
        ArrayNode calls = json.createArrayNode();
        while (System.currentTimeMillis() < end) {
            ArrayNode call = calls.addArray();
            call.add(System.currentTimeMillis());
            try {
                HttpReply reply = http.send(request);
                call.add(System.currentTimeMillis());
                call.add(reply.status());
                call.add(reply.header("x-tokenguard"));
            } catch (Exception e) {
                call.add(System.currentTimeMillis());
                call.addObject().put("exception", e.toString());
            }
            if (pause > 0) {
                TimeUnit.MILLISECONDS.sleep(pause);
            }
        }
        return calls;
    }
}
