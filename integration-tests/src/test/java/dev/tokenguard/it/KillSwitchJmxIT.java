package dev.tokenguard.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tokenguard.core.jmx.CarrierMBean;
import dev.tokenguard.demo.carrier.Carrier;
import dev.tokenguard.demo.carrier.CarrierSimulator;
import dev.tokenguard.demo.carrier.CarrierStats;
import dev.tokenguard.demo.carrier.SimulatorSettings;
import dev.tokenguard.it.support.Await;
import dev.tokenguard.it.support.ForkedApp;
import dev.tokenguard.it.support.RemoteJmx;
import dev.tokenguard.it.support.FedexAgentConfig;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The kill-switch flipped over remote JMX, as an operator does from jconsole, while the application
 * is under load: the carrier sees nothing after the trip but what was already on the wire, the
 * application gets the agent's refusal, and after the reset its traffic flows again.
 */
class KillSwitchJmxIT {
    private static final int USERS = 20;
    /** Longer than the scenario needs even on a busy machine; the naive run then ends on its own. */
    private static final int SECONDS = 30;
    /** Refusals that show every user has met the tripped switch several times (users think 100 ms). */
    private static final long REFUSALS_PER_WINDOW = 10L * USERS;
    private static final Duration WITHIN = Duration.ofSeconds(20);

    @Test
    void aTripStopsEveryUsersNextRequestAndAResetLetsTrafficFlowAgain() throws Exception {
        ExecutorService load = Executors.newSingleThreadExecutor();
        try (CarrierSimulator sim = CarrierSimulator.start(SimulatorSettings.defaults());
                RemoteJmx jmx = new RemoteJmx();
                ForkedApp app = startApp(sim, jmx)) {
            CarrierMBean fedex = jmx.carrier("fedex", WITHIN);
            Future<JsonNode> run = load.submit(() -> app.send(Map.of("op", "naive", "args", List.of(
                    "--base-url", sim.baseUrl(), "--carrier", "fedex", "--client", "urlconnection",
                    "--users", String.valueOf(USERS), "--seconds", String.valueOf(SECONDS)))).path("result"));
            Await.until("the carrier sees the load", WITHIN, () -> requests(sim) > 5L * USERS, () -> stats(sim));

            fedex.tripKillSwitch("operator stop during load");
            long atTrip = requests(sim);
            long refused = fedex.getRefused();
            Await.until("users meet the tripped switch", WITHIN,
                    () -> fedex.getRefused() >= refused + REFUSALS_PER_WINDOW, () -> "refused " + fedex.getRefused());
            long quietFrom = requests(sim);
            Await.until("users keep meeting it", WITHIN,
                    () -> fedex.getRefused() >= refused + 2 * REFUSALS_PER_WINDOW, () -> "refused " + fedex.getRefused());

            assertEquals(quietFrom, requests(sim), "nothing reached the carrier while the switch was tripped");
            assertTrue(quietFrom - atTrip <= USERS,
                    (quietFrom - atTrip) + " requests after the trip; at most one per user was already on the wire");
            assertTrue(fedex.isKillSwitchTripped());
            assertEquals("operator stop during load", fedex.getKillSwitchReason());

            fedex.setKillSwitchTripped(false);
            long atReset = requests(sim);
            Await.until("traffic flows again after the reset", WITHIN, () -> requests(sim) >= atReset + USERS,
                    () -> stats(sim));

            JsonNode result = run.get(SECONDS + 60, TimeUnit.SECONDS);
            long refusedByAgent = result.path("failed").path("refused-by-agent").asLong();
            assertTrue(refusedByAgent >= 2 * REFUSALS_PER_WINDOW, result::toString);
            assertEquals(refusedByAgent, result.path("failedTotal").asLong(), "no other failure: " + result);
            assertEquals(0, sim.stats().of(Carrier.FEDEX).apiCalls(503), "the refusals were the agent's own");
        } finally {
            load.shutdownNow();
        }
    }

    private static ForkedApp startApp(CarrierSimulator sim, RemoteJmx jmx) throws Exception {
        ForkedApp.Builder builder = ForkedApp.builder().agentConfig(FedexAgentConfig.write(sim));
        jmx.jvmArgs().forEach(builder::jvmArg);
        return builder.start();
    }

    /** Every request the carrier answered: token calls and API calls. */
    private static long requests(CarrierSimulator sim) {
        CarrierStats fedex = sim.stats().of(Carrier.FEDEX);
        return fedex.tokenCalls() + fedex.apiCallsByStatus().values().stream().mapToLong(Long::longValue).sum();
    }

    private static String stats(CarrierSimulator sim) {
        return sim.stats().of(Carrier.FEDEX).toString();
    }
}
