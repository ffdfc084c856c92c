package dev.tokenguard.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tokenguard.demo.carrier.Carrier;
import dev.tokenguard.demo.carrier.CarrierSimulator;
import dev.tokenguard.demo.carrier.CarrierStats;
import dev.tokenguard.demo.carrier.SimulatorSettings;
import dev.tokenguard.demo.carrier.ThresholdRules;
import dev.tokenguard.it.support.AgentCli;
import dev.tokenguard.it.support.AgentCli.Run;
import dev.tokenguard.it.support.Await;
import dev.tokenguard.it.support.FedexAgentConfig;
import dev.tokenguard.it.support.ForkedApp;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * {@code tokenguard.mode=observe} end to end: the seed's storm (50 naive users, 5-second tokens that
 * revoke their predecessors) under the agent in observe mode reaches the simulator as it would without
 * the agent, {@code status --json} shows what enforce would have done, and {@code mode enforce} from
 * the command line mid-run brings the token calls down to the FedEx preset's rate at once.
 */
class ObserveModeIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int USERS = 50;
    /** The FedEx preset's token-rate: 1 a second (and 30 in 2 minutes). */
    private static final int PRESET_CALLS_PER_SECOND = 1;

    private final ExecutorService driver = Executors.newSingleThreadExecutor();

    @AfterEach
    void stopDriver() throws InterruptedException {
        driver.shutdownNow();
        driver.awaitTermination(30, TimeUnit.SECONDS);
    }

    @Test
    void observedStormGetsTheIpBannedAsWithoutTheAgentAndStatusShowsTheWouldBeFigures() throws Exception {
        try (CarrierSimulator sim = CarrierSimulator.start(settings(ThresholdRules.FEDEX));
             ForkedApp app = ForkedApp.builder().agentConfig(FedexAgentConfig.write(sim, "tokenguard.mode=observe")).start()) {
            CompletableFuture<JsonNode> run = storm(sim, app, 20);

            Await.until("the simulator bans the storm", Duration.ofSeconds(60), () -> fedex(sim).bans() >= 1,
                    () -> fedex(sim).toString());
            JsonNode observing = statusJson(app);
            assertEquals("observe", observing.path("mode").asText(), observing::toString);
            JsonNode fedex = observing.path("carriers").path("fedex");
            JsonNode wouldBe = fedex.path("wouldBe");
            assertTrue(fedex(sim).peakTokenCallsPerSecond() > 10 * PRESET_CALLS_PER_SECOND, fedex(sim)::toString);
            assertTrue(wouldBe.path("observedTokenRequests").asLong() > 50, wouldBe::toString);
            assertEquals(1, wouldBe.path("tokenCalls").asLong(), "one would-be call, then its token: " + wouldBe);
            assertTrue(wouldBe.path("suppressed").asLong() + wouldBe.path("coalesced").asLong() > 50, wouldBe::toString);
            Await.until("the agent sees the ban", Duration.ofSeconds(30),
                    () -> statusJson(app).path("carriers").path("fedex").path("wouldBe").path("bansSeen").asLong() >= 1,
                    () -> "no ban seen");
            JsonNode banned = statusJson(app).path("carriers").path("fedex");
            assertEquals(1, banned.path("wouldBe").path("killSwitchTrips").asLong(), banned::toString);
            assertEquals("TRIPPED", banned.path("killSwitch").path("state").asText(), banned::toString);
            assertEquals(0, banned.path("refused").asLong(), "observe refuses nothing: " + banned);

            Run enforce = AgentCli.run("mode", "enforce", String.valueOf(app.pid()));
            assertEquals(List.of("PID " + app.pid() + ": mode observe -> enforce"), enforce.stdout(), enforce::toString);
            long atSwitch = fedex(sim).tokenCalls();
            Await.until("the app's calls meet the tripped kill-switch", Duration.ofSeconds(30),
                    () -> statusJson(app).path("carriers").path("fedex").path("refusedByReason").path("kill-switch").asLong() > 0,
                    () -> "no refusal yet");
            run.get(60, TimeUnit.SECONDS);

            assertTrue(fedex(sim).tokenCalls() - atSwitch <= USERS,
                    "after the switch only calls already on their way reach the banned carrier: "
                            + (fedex(sim).tokenCalls() - atSwitch));
        }
    }

    @Test
    void switchedToEnforceMidStormTheTokenCallsDropToThePresetsRate() throws Exception {
        // A carrier that bans nothing, so that the storm's rate alone shows, before and after the switch.
        try (CarrierSimulator sim = CarrierSimulator.start(settings(ThresholdRules.NONE));
             ForkedApp app = ForkedApp.builder().agentConfig(FedexAgentConfig.write(sim, "tokenguard.mode=observe")).start()) {
            CompletableFuture<JsonNode> run = storm(sim, app, 16);
            Await.until("the storm is on", Duration.ofSeconds(60), () -> fedex(sim).tokenCalls() > 200,
                    () -> fedex(sim).toString());
            int observedSeconds = fedex(sim).tokenCallsPerSecond().size();

            Run enforce = AgentCli.run("mode", "enforce", String.valueOf(app.pid()));
            assertEquals(0, enforce.exit(), enforce::toString);
            int switchedAt = fedex(sim).tokenCallsPerSecond().size();
            JsonNode result = run.get(60, TimeUnit.SECONDS);

            List<Integer> perSecond = fedex(sim).tokenCallsPerSecond();
            assertTrue(perSecond.subList(0, observedSeconds).stream().anyMatch(n -> n > 10 * PRESET_CALLS_PER_SECOND),
                    "observe let the storm through: " + perSecond);
            // The second of the switch still holds calls decided before it.
            List<Integer> enforcing = perSecond.subList(Math.min(switchedAt + 1, perSecond.size()), perSecond.size());
            assertTrue(enforcing.size() >= 5, "the run went on after the switch: " + perSecond);
            assertTrue(enforcing.stream().allMatch(n -> n <= PRESET_CALLS_PER_SECOND),
                    "enforce keeps the preset's rate from the next second: " + perSecond + " (switched in second "
                            + switchedAt + ")");
            assertTrue(result.path("ok").asLong() > USERS, result::toString);
            JsonNode status = statusJson(app);
            assertEquals("enforce", status.path("mode").asText());
            assertTrue(status.path("carriers").path("fedex").path("suppressedRenewals").asLong() > 0, status::toString);
        }
    }

    private static SimulatorSettings settings(ThresholdRules thresholds) {
        return SimulatorSettings.builder().tokenLifetime(Duration.ofSeconds(5)).revokePrevious(true)
                .thresholds(Carrier.FEDEX, thresholds).build();
    }

    /** The naive client's storm, on the driver thread, while the test talks to the JVM from outside. */
    private CompletableFuture<JsonNode> storm(CarrierSimulator sim, ForkedApp app, int seconds) {
        return CompletableFuture.supplyAsync(() -> {
            try {
                return app.send(Map.of("op", "naive", "args", List.of(
                        "--base-url", sim.baseUrl(), "--carrier", "fedex", "--client", "urlconnection",
                        "--users", String.valueOf(USERS), "--seconds", String.valueOf(seconds)))).path("result");
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }, driver);
    }

    private static CarrierStats fedex(CarrierSimulator sim) {
        return sim.stats().of(Carrier.FEDEX);
    }

    private static JsonNode statusJson(ForkedApp app) throws Exception {
        Run run = AgentCli.run("status", "--json", String.valueOf(app.pid()));
        assertEquals(0, run.exit(), run::toString);
        assertEquals(1, run.stdout().size(), run::toString);
        return JSON.readTree(run.stdout().get(0));
    }
}
