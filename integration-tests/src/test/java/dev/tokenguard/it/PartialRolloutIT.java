package dev.tokenguard.it;

import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tokenguard.core.jmx.CarrierMBean;
import dev.tokenguard.demo.carrier.Carrier;
import dev.tokenguard.demo.carrier.CarrierSimulator;
import dev.tokenguard.demo.carrier.SimulatorSettings;
import dev.tokenguard.demo.carrier.ThresholdRules;
import dev.tokenguard.it.support.ForkedApp;
import dev.tokenguard.it.support.RemoteJmx;
import dev.tokenguard.it.support.FedexAgentConfig;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * A rolling upgrade half done: two JVMs share one credential on a carrier whose new token revokes
 * the old, one under the agent and one without, both running the naive client. Each renewal by one
 * revokes the other's token. The yardstick is the same pair with neither guarded, run side by side
 * in the same test on a simulator of its own: the guarded JVM must fail no more user calls than a
 * JVM of that pair, keep to its {@code token-rate}, and say in a WARN that someone else revokes its
 * credential's tokens.
 */
class PartialRolloutIT {
    private static final int USERS = 3;
    private static final int SECONDS = 10;
    private static final Duration LIFETIME = Duration.ofSeconds(5);
    private static final Pattern RENEWED = Pattern.compile("token renewed for credential ([0-9a-f]{8})");

    @Test
    void theGuardedJvmFailsNoMoreCallsThanWithoutTheAgentAndKeepsToItsTokenRate() throws Exception {
        ExecutorService drivers = Executors.newFixedThreadPool(4);
        try (CarrierSimulator yardstickCarrier = startCarrier();
                CarrierSimulator rolloutCarrier = startCarrier();
                RemoteJmx jmx = new RemoteJmx();
                ForkedApp plainA = ForkedApp.builder().start();
                ForkedApp plainB = ForkedApp.builder().start();
                ForkedApp guarded = startGuarded(rolloutCarrier, jmx);
                ForkedApp peer = ForkedApp.builder().start()) {
            CarrierMBean bean = jmx.carrier("fedex", Duration.ofSeconds(60));
            long started = System.nanoTime();
            Future<JsonNode> yardstickA = drivers.submit(() -> naive(plainA, yardstickCarrier));
            Future<JsonNode> yardstickB = drivers.submit(() -> naive(plainB, yardstickCarrier));
            Future<JsonNode> guardedRun = drivers.submit(() -> naive(guarded, rolloutCarrier));
            Future<JsonNode> peerRun = drivers.submit(() -> naive(peer, rolloutCarrier));
            JsonNode a = yardstickA.get(SECONDS + 120, TimeUnit.SECONDS);
            JsonNode b = yardstickB.get(SECONDS + 120, TimeUnit.SECONDS);
            JsonNode g = guardedRun.get(SECONDS + 120, TimeUnit.SECONDS);
            JsonNode p = peerRun.get(SECONDS + 120, TimeUnit.SECONDS);
            double elapsedSeconds = (System.nanoTime() - started) / 1e9;
            long guardedTokenCalls = bean.getRealTokenCalls();

            System.out.println(table(a, b, g, p, guardedTokenCalls, yardstickCarrier, rolloutCarrier));

            // The unguarded pair is symmetric: what one JVM of it fails is best told by the pair's mean.
            long yardstick = (failed(a) + failed(b)) / 2;
            assertTrue(failed(g) <= yardstick, "the guarded JVM failed " + failed(g) + " calls (" + g.path("failed")
                    + "), without the agent a JVM of the pair failed " + yardstick + " on average");
            // FedEx's preset, 1/1s,30/2m: over any window of W seconds at most 1 + W calls and 30 + W/4.
            double allowed = Math.min(1 + elapsedSeconds, 30 + elapsedSeconds / 4);
            assertTrue(guardedTokenCalls <= allowed, "the guarded JVM made " + guardedTokenCalls
                    + " real token calls in " + String.format(Locale.ROOT, "%.1f", elapsedSeconds)
                    + " s; its token-rate allows " + (long) allowed);
            String log = guarded.stderrText();
            Matcher renewed = RENEWED.matcher(log);
            assertTrue(renewed.find(), "no renewal logged:\n" + log);
            String credential = renewed.group(1);
            assertTrue(log.lines().anyMatch(line -> line.contains(" WARN ") && line.contains(credential)
                            && line.toLowerCase(Locale.ROOT).contains("revoked")),
                    "no WARN names credential " + credential + " as revoked by someone else:\n" + log);
        } finally {
            drivers.shutdownNow();
        }
    }

    /**
     * FedEx's simulator with short tokens that revoke their predecessors, its thresholds off: the
     * two pairs share this machine's address, and a ban one pair earned would fail the other's calls
     * too; the ban has suites of its own.
     */
    private static CarrierSimulator startCarrier() {
        return CarrierSimulator.start(SimulatorSettings.builder()
                .tokenLifetime(LIFETIME)
                .revokePrevious(true)
                .thresholds(Carrier.FEDEX, ThresholdRules.NONE)
                .build());
    }

    /** The agent with FedEx's preset and nothing else configured: what a first rollout runs. */
    private static ForkedApp startGuarded(CarrierSimulator sim, RemoteJmx jmx) throws Exception {
        ForkedApp.Builder builder = ForkedApp.builder().agentConfig(FedexAgentConfig.write(sim));
        jmx.jvmArgs().forEach(builder::jvmArg);
        return builder.start();
    }

    private static JsonNode naive(ForkedApp app, CarrierSimulator sim) throws Exception {
        return app.send(Map.of("op", "naive", "args", List.of(
                "--base-url", sim.baseUrl(), "--carrier", "fedex", "--client", "urlconnection",
                "--users", String.valueOf(USERS), "--seconds", String.valueOf(SECONDS)))).path("result");
    }

    private static long failed(JsonNode result) {
        return result.path("failedTotal").asLong();
    }

    private static String table(JsonNode a, JsonNode b, JsonNode g, JsonNode p, long guardedTokenCalls,
            CarrierSimulator yardstick, CarrierSimulator rollout) {
        StringBuilder t = new StringBuilder(String.format(Locale.ROOT,
                "partial rollout, one credential, %d users per JVM, %d s, %d s tokens revoking their predecessors:%n",
                USERS, SECONDS, LIFETIME.toSeconds()));
        t.append(String.format(Locale.ROOT, "%-24s %12s %12s %12s %12s%n", "", "unguarded A", "unguarded B",
                "guarded", "its peer"));
        t.append(String.format(Locale.ROOT, "%-24s %12d %12d %12d %12d%n", "calls ok",
                a.path("ok").asLong(), b.path("ok").asLong(), g.path("ok").asLong(), p.path("ok").asLong()));
        t.append(String.format(Locale.ROOT, "%-24s %12d %12d %12d %12d%n", "calls failed",
                failed(a), failed(b), failed(g), failed(p)));
        t.append(String.format(Locale.ROOT, "%-24s %12d %12d %12d %12d%n", "real token calls",
                a.path("tokenRequests").asLong(), b.path("tokenRequests").asLong(), guardedTokenCalls,
                p.path("tokenRequests").asLong()));
        t.append(String.format(Locale.ROOT, "%-24s %25d %25d%n", "peak token calls/s (pair)",
                yardstick.stats().of(Carrier.FEDEX).peakTokenCallsPerSecond(),
                rollout.stats().of(Carrier.FEDEX).peakTokenCallsPerSecond()));
        t.append("failures by reason: unguarded A ").append(a.path("failed")).append(", unguarded B ")
                .append(b.path("failed")).append(", guarded ").append(g.path("failed")).append(", its peer ")
                .append(p.path("failed"));
        return t.toString();
    }
}
