package dev.tokenguard.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tokenguard.demo.carrier.ApiQuotaRules;
import dev.tokenguard.demo.carrier.ApiRate;
import dev.tokenguard.demo.carrier.Carrier;
import dev.tokenguard.demo.carrier.CarrierSimulator;
import dev.tokenguard.demo.carrier.SimulatorSettings;
import dev.tokenguard.demo.carrier.ThresholdRules;
import dev.tokenguard.it.support.AgentCli;
import dev.tokenguard.it.support.Await;
import dev.tokenguard.it.support.ForkedApp;
import dev.tokenguard.it.support.RecordingApi;
import dev.tokenguard.it.support.RecordingApi.Arrival;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.ToLongFunction;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Throttling policies end to end, for one client library: an unchanged application in a JVM forked
 * with {@code -javaagent} sends API calls to carrier hosts (recording servers) while the test watches
 * what reaches them (recording servers, and carrier simulators counting FedEx's API quota, scaled
 * down), what the application gets back, and changes the rules at run time with the
 * command line and by editing the properties file. One forked JVM serves all the scenarios; each
 * scenario has a path of its own, and each policy applies to that path only.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class PolicyScenarios {
    private static final Duration DEADLINE = Duration.ofSeconds(30);
    private static final int RELOAD_BEFORE = 40;
    private static final int RELOAD_AFTER = 5;

    /** FedEx's API quota, scaled down: per client id, in fixed windows, 429 in FedEx's shape when over. */
    private static final int QUOTA = 20;
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String RATE_BODY = "{\"accountNumber\":{\"value\":\"123456789\"}}";

    private RecordingApi api;
    private RecordingApi pausing;
    /** Carrier {@code daily}: answers FedEx's daily-quota 429 when told to. */
    private RecordingApi daily;
    /** Carrier {@code fedex}: the preset's quota policy at the simulator's rate, no waiting. */
    private CarrierSimulator quota;
    /** Carrier {@code fedex-wait}: the same, with {@code max-wait=3s}. */
    private CarrierSimulator quotaWaiting;
    private Path config;
    private ForkedApp app;

    /** The demo client's name for the library, as {@code --client} takes it. */
    abstract String client();

    /**
     * Whether the client, as the application builds it, answers a carrier's 429 by sending the call
     * again itself (HttpClient 5's default retry strategy): the application then gets the retry's
     * answer, not the 429, while the agent still pauses the scope (an element below the retry).
     */
    boolean retriesCarrier429Itself() {
        return false;
    }

    @BeforeAll
    void start() throws IOException {
        api = new RecordingApi();
        pausing = new RecordingApi();
        daily = new RecordingApi();
        quota = quotaSimulator();
        quotaWaiting = quotaSimulator();
        config = Files.createTempFile("tokenguard-policies", ".properties");
        writeConfig(RELOAD_BEFORE + "/1s");
        app = ForkedApp.builder().agentConfig(config).start();
    }

    @AfterAll
    void stop() throws IOException {
        for (AutoCloseable each : new AutoCloseable[] {app, api, pausing, daily, quota, quotaWaiting}) {
            try {
                if (each != null) {
                    each.close();
                }
            } catch (Exception e) {
                throw new IOException(e);
            }
        }
    }

    private static CarrierSimulator quotaSimulator() {
        SimulatorSettings.Builder settings = SimulatorSettings.builder()
                .tokenLifetime(Duration.ofMinutes(10))
                .thresholds(Carrier.FEDEX, ThresholdRules.NONE)
                .apiQuotas(Carrier.FEDEX, ApiQuotaRules.NONE.withRate(new ApiRate(QUOTA, Duration.ofSeconds(2))));
        for (String client : List.of("burst", "greedy", "light")) {
            settings.client(Carrier.FEDEX, client, "secret-" + client);
        }
        return CarrierSimulator.start(settings.build());
    }

    private void writeConfig(String reloadableRequests) throws IOException {
        writeConfigLines(List.of(
                "carrier.fedex.preset=fedex",
                "carrier.fedex.api-hosts=127.0.0.1:" + quota.httpPort(),
                "carrier.fedex.token-url=" + quota.baseUrl() + "/oauth/token",
                "policy.fedex-api.requests=" + QUOTA + "/2s",
                "policy.fedex-api.max-wait=0s",
                "carrier.fedex-wait.preset=fedex",
                "carrier.fedex-wait.api-hosts=127.0.0.1:" + quotaWaiting.httpPort(),
                "carrier.fedex-wait.token-url=" + quotaWaiting.baseUrl() + "/oauth/token",
                "policy.fedex-wait-api.requests=" + QUOTA + "/2s",
                "policy.fedex-wait-api.max-wait=3s",
                "carrier.api.api-hosts=" + api.hostPort(),
                "carrier.api.token-url=" + api.url("/oauth/token"),
                "carrier.pausing.api-hosts=" + pausing.hostPort(),
                "carrier.pausing.token-url=" + pausing.url("/oauth/token"),
                "carrier.pausing.retry-after-default=1s",
                "carrier.daily.api-hosts=" + daily.hostPort(),
                "carrier.daily.token-url=" + daily.url("/oauth/token"),
                "carrier.daily.retry-after-default=1s",
                "policy.uploads.carrier=api",
                "policy.uploads.when.path=/upload/**",
                "policy.uploads.bytes=64KiB/1s",
                "policy.uploads.max-wait=20s",
                "policy.slow.carrier=api",
                "policy.slow.when.path=/slow/**",
                "policy.slow.in-flight=5",
                "policy.slow.max-wait=60s",
                "policy.shadow.carrier=api",
                "policy.shadow.when.path=/shadow/**",
                "policy.shadow.requests=1/10s",
                "policy.shadow.mode=shadow",
                "policy.reloadable.carrier=api",
                "policy.reloadable.when.path=/reload/**",
                "policy.reloadable.requests=" + reloadableRequests,
                "policy.reloadable.max-wait=0s"));
    }

    private void writeConfigLines(List<String> lines) throws IOException {
        // Written aside and moved, so that the watcher never reads half a file.
        Path next = Files.createTempFile(config.getParent(), "tokenguard-next", ".properties");
        Files.writeString(next, String.join("\n", lines) + "\n");
        Files.move(next, config, StandardCopyOption.REPLACE_EXISTING,
                StandardCopyOption.ATOMIC_MOVE);
    }

    /**
     * A burst of twice the quota: with the FedEx preset's policy (at the simulator's rate) the carrier
     * sends no 429; the application gets the quota's worth of 200s and local 429s in FedEx's shape,
     * and where the policy may wait, more of the burst is served.
     */
    @Test
    void aBurstOfTwiceTheQuotaGetsNo429FromTheCarrierAndWaitingServesMore() throws Exception {
        List<JsonNode> refused = burst(quota, "burst");
        List<JsonNode> waited = burst(quotaWaiting, "burst");

        assertEquals(0, quota.stats().of(Carrier.FEDEX).apiQuota().overRate(), "429s the carrier sent");
        assertEquals(0, quotaWaiting.stats().of(Carrier.FEDEX).apiQuota().overRate(), "429s the carrier sent");
        long ok = refused.stream().filter(r -> r.path("status").asInt() == 200).count();
        assertEquals(QUOTA, ok, () -> statuses(refused));
        for (JsonNode r : refused) {
            if (r.path("status").asInt() != 200) {
                assertEquals(429, r.path("status").asInt(), r::toString);
                assertTrue(r.path("headers").has("x-tokenguard"), r::toString);
                assertTrue(r.path("headers").has("retry-after"), r::toString);
                assertEquals("TOO.MANY.REQUESTS.ERROR", JSON.readTree(r.path("body").asText()).at("/errors/0/code").asText(), r::toString);
            }
        }
        long okWaiting = waited.stream().filter(r -> r.path("status").asInt() == 200).count();
        assertTrue(okWaiting > ok, "with max-wait=3s, " + okWaiting + " of " + waited.size() + " served; without, " + ok);
    }

    /** Per-credential fairness: a greedy client id spends its own share; a light one is never refused. */
    @Test
    void aGreedyClientIdNeverCostsALightOneItsShare() throws Exception {
        String greedy = token(quota, "greedy");
        String light = token(quota, "light");
        JsonNode greedyReply = app.send(call("POST", quota.baseUrl() + "/rate/v1/rates/quotes", RATE_BODY, 3 * QUOTA,
                Map.of("Authorization", "Bearer " + greedy)));
        JsonNode lightReply = app.send(call("POST", quota.baseUrl() + "/rate/v1/rates/quotes", RATE_BODY, 5,
                Map.of("Authorization", "Bearer " + light)));

        List<JsonNode> greedyReplies = list(greedyReply.path("replies"));
        assertTrue(greedyReplies.stream().anyMatch(r -> r.path("status").asInt() == 429), () -> statuses(greedyReplies));
        List<JsonNode> lightReplies = list(lightReply.path("replies"));
        assertTrue(lightReplies.stream().allMatch(r -> r.path("status").asInt() == 200), () -> statuses(lightReplies));
        assertEquals(0, quota.stats().of(Carrier.FEDEX).apiQuota().overRate(), "429s the carrier sent");
    }

    /** Twice the quota at once, with a token of its own for {@code clientId}. */
    private List<JsonNode> burst(CarrierSimulator sim, String clientId) throws Exception {
        String token = token(sim, clientId);
        JsonNode reply = app.send(call("POST", sim.baseUrl() + "/rate/v1/rates/quotes", RATE_BODY,
                2 * QUOTA, Map.of("Authorization", "Bearer " + token)));
        return list(reply.path("replies"));
    }

    private String token(CarrierSimulator sim, String clientId) throws Exception {
        Map<String, Object> command = new LinkedHashMap<>();
        command.put("op", "call");
        command.put("client", client());
        command.put("method", "POST");
        command.put("url", sim.baseUrl() + "/oauth/token");
        command.put("contentType", "application/x-www-form-urlencoded");
        command.put("body", "grant_type=client_credentials&client_id=" + clientId + "&client_secret=secret-" + clientId);
        JsonNode reply = app.send(command).path("replies").get(0);
        assertEquals(200, reply.path("status").asInt(), reply::toString);
        return JSON.readTree(reply.path("body").asText()).path("access_token").asText();
    }

    @Test
    void anInFlightCapHoldsUnderAHundredConcurrentUsersAndEveryCallIsServed() throws Exception {
        JsonNode reply = app.send(call("GET", api.url("/slow/labels"), null, 100));

        List<JsonNode> replies = list(reply.path("replies"));
        assertEquals(100, replies.size(), reply::toString);
        assertTrue(replies.stream().allMatch(r -> r.path("status").asInt() == 200), () -> statuses(replies));
        assertEquals(100, api.arrivals("/slow/").size());
        assertTrue(api.maxInFlight() <= 5, "the carrier had " + api.maxInFlight() + " calls in its hands at once");
    }

    @Test
    void aBandwidthPolicyKeepsEverySecondUnderItsBytesAndServesTheCallsByWaiting() throws Exception {
        String body = "x".repeat(16 * 1024);
        JsonNode reply = app.send(load("POST", api.url("/upload/documents"), body, 4, 3000, 0));

        List<JsonNode> calls = list(reply.path("calls"));
        assertTrue(calls.stream().allMatch(c -> c.get(2).asInt() == 200), () -> "statuses: " + calls);
        List<Arrival> uploads = api.arrivals("/upload/");
        assertTrue(uploads.size() >= 4, "uploads that reached the carrier: " + uploads.size());
        // A bucket of 64 KiB refilled over a second, which one call may take into debt: any second
        // holds at most the full bucket, a second's refill and one call (ByteBudget).
        long allowed = 2 * 64 * 1024 + body.length();
        long worst = worstWindow(uploads, 1000, Arrival::requestBytes);
        assertTrue(worst <= allowed, "request bytes in one second: " + worst + " > " + allowed);
        long total = uploads.stream().mapToLong(Arrival::requestBytes).sum();
        long span = uploads.get(uploads.size() - 1).arrivedMillis() - uploads.get(0).arrivedMillis();
        // The span runs from the first arrival to the last, which may each be a call's latency off its admission.
        long sustained = 64 * 1024 + 64 * 1024 * span / 1000 + 2L * body.length();
        assertTrue(total <= sustained, total + " bytes in " + span + " ms, over the bucket and its refill " + sustained);
    }

    /** Shadow mode refuses nothing and counts what it would have refused: requests=1/10s, 20 calls, 19. */
    @Test
    void shadowModeRefusesNothing() throws Exception {
        JsonNode reply = app.send(call("GET", api.url("/shadow/track"), null, 20));

        List<JsonNode> replies = list(reply.path("replies"));
        assertTrue(replies.stream().allMatch(r -> r.path("status").asInt() == 200
                && !r.path("headers").has("x-tokenguard")), () -> statuses(replies));
        assertEquals(20, api.arrivals("/shadow/").size());
        AgentCli.Run policies = AgentCli.run("policies", Long.toString(app.pid()));
        assertEquals(0, policies.exit(), policies::toString);
        List<String> row = policies.stdout().stream().filter(l -> l.startsWith("shadow ")).map(l -> List.of(l.trim().split(" +")))
                .findFirst().orElseThrow(() -> new AssertionError("no row for the shadow policy: " + policies));
        // policy carrier enabled mode matched admitted waited refused shadow ...
        assertEquals(List.of("shadow", "api", "yes", "shadow", "20", "20", "0", "0", "19"), row.subList(0, 9), row::toString);
    }

    @Test
    void aCarriers429WithRetryAfterPausesItsCallsButThoseInFlight() throws Exception {
        pausing.answer429Next("3");
        JsonNode reply = app.send(load("GET", pausing.url("/pause/track"), null, 4, 5000, 20));

        List<Arrival> arrivals = pausing.arrivals("/pause/");
        Arrival refused = arrivals.stream().filter(a -> a.status() == 429).findFirst().orElseThrow();
        long pauseEnds = refused.answeredMillis() + 3000;
        // Up to one call per other caller may have been on its way when the 429 came back.
        long during = arrivals.stream().filter(a -> a.arrivedMillis() > refused.answeredMillis()
                && a.arrivedMillis() < pauseEnds - 100).count();
        assertTrue(during <= 3, during + " calls reached the paused carrier");
        assertTrue(arrivals.stream().anyMatch(a -> a.arrivedMillis() >= pauseEnds), "calls resumed after the pause");
        List<JsonNode> calls = list(reply.path("calls"));
        assertTrue(calls.stream().anyMatch(c -> c.get(2).asInt() == 429 && !c.get(3).isNull()),
                "the application got local 429s with X-Tokenguard: " + calls);
    }

    /**
     * FedEx's daily quota names its reset in the body only: the calls pause until the next midnight
     * GMT, not for retry-after-default, and the application still reads the carrier's body whole.
     */
    @Test
    void aDailyQuota429PausesUntilTheResetItsBodyNamesAndTheApplicationReadsTheBody() throws Exception {
        Assumptions.assumeFalse(retriesCarrier429Itself(),
                "the client sends the call again after the carrier's 429, and the application gets that answer");
        daily.answerDailyQuotaNext();
        JsonNode carriers = app.send(call("GET", daily.url("/daily/track"), null, 1)).path("replies").get(0);
        assertEquals(429, carriers.path("status").asInt(), carriers::toString);
        assertEquals(RecordingApi.DAILY_QUOTA_BODY, carriers.path("body").asText(), "the body the carrier sent, whole");

        JsonNode local = app.send(call("GET", daily.url("/daily/track"), null, 1)).path("replies").get(0);
        long untilMidnight = java.time.Duration.between(java.time.Instant.now(), java.time.LocalDate.now(java.time.ZoneOffset.UTC)
                .plusDays(1).atStartOfDay(java.time.ZoneOffset.UTC).toInstant()).toSeconds();
        assertEquals(429, local.path("status").asInt(), local::toString);
        assertTrue(local.path("headers").has("x-tokenguard"), local::toString);
        long retryAfter = Long.parseLong(local.path("headers").path("retry-after").asText());
        assertTrue(Math.abs(retryAfter - untilMidnight) <= 60, retryAfter + " s, midnight GMT is " + untilMidnight + " s away");
        assertEquals(1, daily.arrivals("/daily/").size(), "nothing reached the carrier after its 429");
    }

    @Test
    void aBlockSwitchedOnAndOffWithTheCommandLineUnderLoad() throws Exception {
        CompletableFuture<JsonNode> load = sendInBackground(load("GET", api.url("/ship/shipments"), null, 3, 6000, 20));
        Await.until("calls reach the carrier", DEADLINE, () -> api.arrivals("/ship/").size() >= 5, () -> "");

        AgentCli.Run blocked = AgentCli.run("block", "--carrier", "api", "--path", "/ship/**",
                "--reason", "maintenance window", Long.toString(app.pid()));
        long blockedAt = System.currentTimeMillis();
        assertEquals(0, blocked.exit(), blocked::toString);
        String id = blocked.stdout().stream().filter(l -> l.startsWith("block ")).map(l -> l.substring(6).trim())
                .findFirst().orElseThrow(() -> new AssertionError("no 'block <id>' line: " + blocked));
        Await.until("a second of the block has passed", DEADLINE, () -> System.currentTimeMillis() > blockedAt + 1500, () -> "");
        long unblockingAt = System.currentTimeMillis();
        AgentCli.Run unblocked = AgentCli.run("unblock", id, Long.toString(app.pid()));
        assertEquals(0, unblocked.exit(), unblocked::toString);
        long unblockedAt = System.currentTimeMillis();
        Await.until("calls reach the carrier again", DEADLINE,
                () -> api.arrivals("/ship/").stream().anyMatch(a -> a.arrivedMillis() > unblockedAt), () -> "");

        long during = api.arrivals("/ship/").stream()
                .filter(a -> a.arrivedMillis() > blockedAt && a.arrivedMillis() < unblockingAt).count();
        assertTrue(during <= 3, during + " calls reached the carrier while blocked");
        List<JsonNode> calls = list(load.get().path("calls"));
        assertTrue(calls.stream().anyMatch(c -> c.get(2).asInt() == 403 && !c.get(3).isNull()),
                "the application got local 403s with X-Tokenguard: " + calls);
        AgentCli.Run again = AgentCli.run("unblock", id, Long.toString(app.pid()));
        assertEquals(6, again.exit(), again::toString);
    }

    @Test
    void aReloadThatChangesALimitTakesEffectWithinASecondAndABrokenEditChangesNothing() throws Exception {
        try {
            CompletableFuture<JsonNode> load = sendInBackground(load("GET", api.url("/reload/rates"), null, 4, 6000, 0));
            Await.until("calls reach the carrier", DEADLINE, () -> api.arrivals("/reload/").size() >= 20, () -> "");

            writeConfig(RELOAD_AFTER + "/1s");
            long writtenAt = System.currentTimeMillis();
            Await.until("two seconds of the new limit", DEADLINE, () -> System.currentTimeMillis() > writtenAt + 3000, () -> "");
            List<String> broken = new ArrayList<>(Files.readAllLines(config));
            broken.replaceAll(l -> l.startsWith("policy.reloadable.requests=") ? "policy.reloadable.requests=five/1s" : l);
            writeConfigLines(broken);
            app.awaitStderr("policy.reloadable.requests", DEADLINE);
            load.get();

            List<Arrival> after = api.arrivals("/reload/").stream().filter(a -> a.arrivedMillis() >= writtenAt + 1000).toList();
            long worst = worstWindow(after, 1000, a -> 1L);
            assertTrue(worst <= RELOAD_AFTER, worst + " calls in one second a second after the reload");
            assertTrue(after.size() >= RELOAD_AFTER, "calls still served: " + after.size());
        } finally {
            writeConfig(RELOAD_BEFORE + "/1s");
        }
    }

    private CompletableFuture<JsonNode> sendInBackground(Map<String, Object> command) {
        return CompletableFuture.supplyAsync(() -> {
            try {
                return app.send(command);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
    }

    /** The largest sum of {@code weight} over arrivals in any interval of {@code millis}. */
    private static long worstWindow(List<Arrival> arrivals, long millis, ToLongFunction<Arrival> weight) {
        List<Arrival> sorted = arrivals.stream().sorted(Comparator.comparingLong(Arrival::arrivedMillis)).toList();
        long worst = 0;
        for (int i = 0; i < sorted.size(); i++) {
            long sum = 0;
            for (int j = i; j < sorted.size() && sorted.get(j).arrivedMillis() < sorted.get(i).arrivedMillis() + millis; j++) {
                sum += weight.applyAsLong(sorted.get(j));
            }
            worst = Math.max(worst, sum);
        }
        return worst;
    }

    private Map<String, Object> call(String method, String url, String body, int parallel) {
        return call(method, url, body, parallel, Map.of());
    }

    private Map<String, Object> call(String method, String url, String body, int parallel, Map<String, String> headers) {
        Map<String, Object> command = request("call", method, url, body);
        command.put("parallel", parallel);
        command.put("headers", headers);
        return command;
    }

    private Map<String, Object> load(String method, String url, String body, int threads, long millis, long pauseMillis) {
        Map<String, Object> command = request("load", method, url, body);
        command.put("threads", threads);
        command.put("durationMillis", millis);
        command.put("pauseMillis", pauseMillis);
        return command;
    }

    private Map<String, Object> request(String op, String method, String url, String body) {
        Map<String, Object> command = new LinkedHashMap<>();
        command.put("op", op);
        command.put("client", client());
        command.put("method", method);
        command.put("url", url);
        if (body != null) {
            command.put("contentType", "application/json");
            command.put("body", body);
        }
        return command;
    }

    private static List<JsonNode> list(JsonNode array) {
        List<JsonNode> list = new ArrayList<>();
        array.forEach(list::add);
        return list;
    }

    private static String statuses(List<JsonNode> replies) {
        return replies.stream().map(r -> r.path("status").asText(r.path("exception").asText())).toList().toString();
    }
}
