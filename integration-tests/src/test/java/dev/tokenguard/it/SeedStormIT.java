package dev.tokenguard.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tokenguard.demo.carrier.Carrier;
import dev.tokenguard.demo.carrier.CarrierSimulator;
import dev.tokenguard.demo.carrier.CarrierStats;
import dev.tokenguard.demo.carrier.SimulatorSettings;
import dev.tokenguard.it.support.ForkedApp;
import dev.tokenguard.it.support.FedexAgentConfig;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The seed's scenario, end to end: 50 users of the naive client, FedEx's thresholds, 5-second
 * tokens that revoke their predecessors. Without the agent the IP is banned; with it, unchanged,
 * nobody fails and the carrier sees the broker's design limit of real token calls.
 */
class SeedStormIT {
    private static final Duration LIFETIME = Duration.ofSeconds(5);
    /** What the broker knows of the lifetime: like FedEx (3599 for an hour) the carrier announces whole seconds below it. */
    private static final Duration ANNOUNCED = LIFETIME.minusSeconds(1);
    /** The default refresh-ahead: a tenth of the lifetime, as it is under 5 minutes. */
    private static final Duration REFRESH_AHEAD = ANNOUNCED.dividedBy(10);
    private static final int USERS = 50;
    private static final int SECONDS = 12;

    @Test
    void withoutTheAgentTheStormGetsTheIpBanned() throws Exception {
        try (CarrierSimulator sim = startFedEx()) {
            JsonNode result = runNaiveClient(sim, null, 6);
            CarrierStats carrier = sim.stats().of(Carrier.FEDEX);

            assertTrue(carrier.bans() >= 1, "bans: " + carrier);
            assertTrue(result.path("failedTotal").asLong() > result.path("ok").asLong(), result::toString);
        }
    }

    @Test
    void underTheAgentNobodyFailsAndRealTokenCallsStayAtTheDesignLimit() throws Exception {
        try (CarrierSimulator sim = startFedEx()) {
            Path config = FedexAgentConfig.write(sim);

            JsonNode result = runNaiveClient(sim, config, SECONDS);
            CarrierStats carrier = sim.stats().of(Carrier.FEDEX);

            assertEquals(0, carrier.bans(), carrier::toString);
            assertEquals(0, result.path("failedTotal").asLong(), result::toString);
            assertTrue(result.path("ok").asLong() > USERS, result::toString);
            long designLimit = 1 + Duration.ofSeconds(SECONDS).toMillis() / ANNOUNCED.minus(REFRESH_AHEAD).toMillis();
            assertTrue(carrier.tokenCalls() <= designLimit,
                    "real token calls " + carrier.tokenCalls() + " over the design limit " + designLimit);
            assertTrue(carrier.tokenCalls() >= designLimit - 1, "renewals did not keep up: " + carrier.tokenCalls());
        }
    }

    private static CarrierSimulator startFedEx() {
        return CarrierSimulator.start(SimulatorSettings.builder().tokenLifetime(LIFETIME).revokePrevious(true).build());
    }

    private static JsonNode runNaiveClient(CarrierSimulator sim, Path agentConfig, int seconds) throws Exception {
        ForkedApp.Builder builder = ForkedApp.builder();
        if (agentConfig != null) {
            builder.agentConfig(agentConfig);
        }
        try (ForkedApp app = builder.start()) {
            return app.send(Map.of("op", "naive", "args", List.of(
                    "--base-url", sim.baseUrl(), "--carrier", "fedex", "--client", "urlconnection",
                    "--users", String.valueOf(USERS), "--seconds", String.valueOf(seconds)))).path("result");
        }
    }
}
