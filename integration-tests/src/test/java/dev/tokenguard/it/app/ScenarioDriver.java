package dev.tokenguard.it.app;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tokenguard.demo.client.ClientOptions;
import dev.tokenguard.demo.client.LoadRun;
import dev.tokenguard.demo.client.http.ClientLibrary;
import dev.tokenguard.demo.client.http.ClientRequest;
import dev.tokenguard.demo.client.http.HttpReply;
import dev.tokenguard.demo.client.http.HttpTransport;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * The application side of {@link dev.tokenguard.it.support.ForkedApp}: an ordinary program, run
 * under the agent, that sends the requests the test asks for with the demo's client libraries
 * (the way applications use them) and answers with what it saw. Knows nothing of tokenguard.
 *
 * <p>Commands, one JSON object a line:
 * <ul>
 *   <li>{@code {"op":"call","client":"okhttp","method":"POST","url":..,"contentType":..,
 *       "headers":{..},"body":..,"parallel":200}}: sends the request from {@code parallel} threads
 *       released at the same instant; answers {@code {"replies":[{"status","headers","body"} or
 *       {"exception"}]}}</li>
 *   <li>{@code {"op":"load",..}}: sustained load from several threads for a while, see {@link LoadLoop}</li>
 *   <li>{@code {"op":"naive","args":[..]}}: one run of the seed's naive client; answers
 *       {@code {"result":{..}}} with its RESULT line</li>
 *   <li>{@code {"op":"google-token",..}} ({@link GoogleOAuthToken}) and {@code {"op":"jdk-one-shot",..}}
 *       ({@link OneShotPublishers}): requests whose body can be read only once</li>
 *   <li>{@code {"op":"jdk-send-async",..}}: {@code parallel} requests through {@code sendAsync}
 *       from one thread, see {@link JdkSendAsync}</li>
 * </ul>
 */
public final class ScenarioDriver {
    private static final String REPLY_PREFIX = "@@tg ";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Map<ClientLibrary, HttpTransport> transports = new EnumMap<>(ClientLibrary.class);
    private final ExecutorService callers = Executors.newCachedThreadPool();
    /** Made on first use: each HttpClient holds a selector thread that most suites never need. */
    private OneShotPublishers oneShotPublishers;
    private JdkSendAsync jdkSendAsync;

    public static void main(String[] args) throws Exception {
        // Replies go to the real standard output; anything else printed there is moved aside.
        PrintStream replies = System.out;
        System.setOut(System.err);
        ScenarioDriver driver = new ScenarioDriver();
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        String line;
        while ((line = in.readLine()) != null) {
            ObjectNode reply;
            try {
                reply = driver.handle(JSON.readTree(line));
            } catch (Exception e) {
                reply = JSON.createObjectNode().put("error", e.toString());
            }
            replies.println(REPLY_PREFIX + JSON.writeValueAsString(reply));
            replies.flush();
        }
        System.exit(0);
    }

    private ObjectNode handle(JsonNode command) throws Exception {
        String op = command.path("op").asText();
        return switch (op) {
            case "call" -> call(command);
            case "load" -> load(command);
            case "naive" -> naive(command);
            case "google-token" -> GoogleOAuthToken.request(command);
            case "jdk-one-shot" -> oneShotPublishers().send(command);
            case "jdk-send-async" -> jdkSendAsync().send(command);
            default -> throw new IllegalArgumentException("unknown op '" + op + "'");
        };
    }

    private OneShotPublishers oneShotPublishers() {
        if (oneShotPublishers == null) {
            oneShotPublishers = new OneShotPublishers();
        }
        return oneShotPublishers;
    }

    private JdkSendAsync jdkSendAsync() {
        if (jdkSendAsync == null) {
            jdkSendAsync = new JdkSendAsync();
        }
        return jdkSendAsync;
    }

    private HttpTransport transport(JsonNode command) {
        ClientLibrary library = ClientLibrary.byFlagName(command.path("client").asText())
                .orElseThrow(() -> new IllegalArgumentException("unknown client " + command.path("client")));
        return transports.computeIfAbsent(library, l -> l.create(256, Duration.ofSeconds(20)));
    }

    private static ClientRequest request(JsonNode command) {
        Map<String, String> headers = new LinkedHashMap<>();
        command.path("headers").fields().forEachRemaining(e -> headers.put(e.getKey(), e.getValue().asText()));
        return new ClientRequest(
                command.path("method").asText("GET"),
                command.path("url").asText(),
                command.hasNonNull("contentType") ? command.get("contentType").asText() : null,
                headers,
                command.hasNonNull("body") ? command.get("body").asText() : null);
    }

    private ObjectNode load(JsonNode command) throws Exception {
        return new LoadLoop(JSON, callers).run(transport(command), request(command), command);
    }

    private ObjectNode call(JsonNode command) throws Exception {
        HttpTransport http = transport(command);
        ClientRequest request = request(command);
        int parallel = command.path("parallel").asInt(1);
        CountDownLatch start = new CountDownLatch(1);
        List<Future<HttpReply>> pending = new ArrayList<>();
        for (int i = 0; i < parallel; i++) {
            pending.add(callers.submit(() -> {
                start.await();
                return http.send(request);
            }));
        }
        start.countDown();
        ObjectNode result = JSON.createObjectNode();
        ArrayNode replies = result.putArray("replies");
        for (Future<HttpReply> future : pending) {
            ObjectNode reply = replies.addObject();
            try {
                HttpReply r = future.get();
                reply.put("status", r.status());
                reply.set("headers", JSON.valueToTree(r.headers()));
                reply.put("body", r.body());
            } catch (java.util.concurrent.ExecutionException e) {
                reply.put("exception", String.valueOf(e.getCause()));
            }
        }
        return result;
    }

    private ObjectNode naive(JsonNode command) throws Exception {
        List<String> args = new ArrayList<>();
        command.path("args").forEach(a -> args.add(a.asText()));
        String line = new LoadRun(ClientOptions.parse(args.toArray(String[]::new))).run().toResultLine();
        ObjectNode result = JSON.createObjectNode();
        result.set("result", JSON.readTree(line.substring(line.indexOf('{'))));
        return result;
    }
}
