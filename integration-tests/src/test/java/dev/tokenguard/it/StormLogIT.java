package dev.tokenguard.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tokenguard.demo.carrier.Carrier;
import dev.tokenguard.demo.carrier.CarrierSimulator;
import dev.tokenguard.demo.carrier.SimulatorSettings;
import dev.tokenguard.it.support.Await;
import dev.tokenguard.it.support.ForkedApp;
import dev.tokenguard.it.support.FedexAgentConfig;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The log of a storm under {@code tokenguard.log.level=debug}: a DEBUG line per suppressed renewal,
 * an INFO summary per carrier at most every 10 s instead of an INFO line each, every line naming the
 * carrier, and neither the client secret nor any token the carrier issued.
 */
class StormLogIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int PARALLEL = 20;
    /** The summary interval of {@code EventLog}, counted from the agent's start. */
    private static final Duration SUMMARY_INTERVAL = Duration.ofSeconds(10);
    private static final Pattern AGENT_WIDE_BEAN =
            Pattern.compile(": registered the JMX bean tokenguard:type=(Config|Blocks|Policy)\\b");
    private static final Pattern SUMMARY =
            Pattern.compile(" INFO tokenguard - fedex: ([\\d,]+) renewals suppressed, ([\\d,]+) real, in the last (\\d+) s");
    private static final Pattern SUPPRESSED = Pattern.compile(
            " DEBUG tokenguard - fedex: renewal suppressed for credential [0-9a-f]{8}: token [0-9a-f]{8} served from the cache");
    private static final Pattern COALESCED =
            Pattern.compile(" DEBUG tokenguard - fedex: renewal for credential [0-9a-f]{8} already in flight");
    /** What a bearer token looks like: the simulator's are 32 base64url characters, real carriers' longer. */
    private static final Pattern TOKEN_LIKE = Pattern.compile("[A-Za-z0-9_\\-]{24,}");

    @Test
    void aStormIsLoggedAsDebugLinesAndAnInfoSummaryWithoutSecretsOrTokens() throws Exception {
        // 60-minute tokens: the carrier issues exactly one, which the application's replies all carry.
        try (CarrierSimulator sim = CarrierSimulator.start(SimulatorSettings.defaults())) {
            Path config = config(sim);
            try (ForkedApp app = ForkedApp.builder().agentConfig(config).start()) {
                long started = System.nanoTime();
                Set<String> tokensSeen = new HashSet<>();
                long[] tokenCalls = {0};
                Await.until("an INFO summary of the storm", Duration.ofSeconds(60), () -> {
                    for (JsonNode reply : app.send(tokenCalls(sim)).path("replies")) {
                        assertEquals(200, reply.path("status").asInt(), reply::toString);
                        tokensSeen.add(JSON.readTree(reply.path("body").asText()).path("access_token").asText());
                        tokenCalls[0]++;
                    }
                    // No summary can come sooner; reading the growing log each round would only cost time.
                    return System.nanoTime() - started > SUMMARY_INTERVAL.toNanos() && SUMMARY.matcher(app.stderrText()).find();
                }, () -> "no summary line after " + tokenCalls[0] + " token calls");
                String log = app.stderrText();
                List<String> lines = log.lines().toList();

                long suppressed = count(SUPPRESSED, log);
                long coalesced = count(COALESCED, log);
                long real = sim.stats().of(Carrier.FEDEX).tokensIssued();
                assertEquals(1, real, "one real token call");
                assertEquals(tokenCalls[0], suppressed + coalesced + real, "one DEBUG line per suppressed renewal");
                assertTrue(suppressed >= 1_000, "a storm: " + suppressed);
                long info = lines.stream().filter(l -> l.contains(" INFO tokenguard - ")).count();
                long summaries = count(SUMMARY, log);
                assertTrue(summaries >= 1 && summaries <= 2, summaries + " summaries");
                assertEquals(1, lines.stream().filter(l -> l.contains(" INFO tokenguard - tokenguard ") && l.contains(": guarding fedex")).count(),
                        "one start line");
                assertTrue(info <= summaries + 2, "INFO holds the start line, the summaries and the one renewal, not the storm: " + info);
                Matcher summary = SUMMARY.matcher(log);
                assertTrue(summary.find());
                assertTrue(Long.parseLong(summary.group(1).replace(",", "")) >= 1_000, summary.group());

                for (String line : lines) {
                    // Every line is about one carrier but the agent's own: the start line, which names all
                    // carriers, the configuration watcher's ("tokenguard: ..."), and the registration of the
                    // beans that are no carrier's (configuration, blocks, policies).
                    if (line.contains(" tokenguard - ") && !line.contains(" tokenguard - tokenguard")
                            && !AGENT_WIDE_BEAN.matcher(line).find()) {
                        assertTrue(line.substring(line.indexOf(" tokenguard - ") + 14).startsWith("fedex: "),
                                "names the carrier: " + line);
                    }
                }
                assertEquals(1, tokensSeen.size(), tokensSeen::toString);
                for (String token : tokensSeen) {
                    assertFalse(log.contains(token), "the log holds the access token " + token);
                }
                assertFalse(log.contains(SimulatorSettings.FEDEX_DEMO_SECRET), "the log holds the client secret");
                // The configuration watcher names its file, whose temporary name is long enough to look like one.
                Matcher tokenLike = TOKEN_LIKE.matcher(log.replace(config.toString(), "<config>"));
                assertFalse(tokenLike.find(), () -> "the log holds something token-like: " + tokenLike.group());
            }
        }
    }

    private static Path config(CarrierSimulator sim) throws Exception {
        return FedexAgentConfig.write(sim, "tokenguard.log.level=debug");
    }

    /** {@value #PARALLEL} users asking for a token at the same instant, as the naive client does on a 401. */
    private static Map<String, Object> tokenCalls(CarrierSimulator sim) {
        return Map.of("op", "call", "client", "urlconnection", "method", "POST", "parallel", PARALLEL,
                "url", sim.baseUrl() + "/oauth/token", "contentType", "application/x-www-form-urlencoded",
                "body", "grant_type=client_credentials&client_id=" + SimulatorSettings.FEDEX_DEMO_CLIENT
                        + "&client_secret=" + SimulatorSettings.FEDEX_DEMO_SECRET);
    }

    private static long count(Pattern pattern, String text) {
        return pattern.matcher(text).results().count();
    }
}
