package dev.tokenguard.demo.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tokenguard.demo.carrier.Carrier;
import dev.tokenguard.demo.carrier.CarrierSimulator;
import dev.tokenguard.demo.carrier.CarrierStats;
import dev.tokenguard.demo.carrier.SimulatorSettings;
import dev.tokenguard.demo.carrier.ThresholdRules;
import dev.tokenguard.demo.client.http.ClientLibrary;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The naive client in-process against a real simulator on a free port, a second or three each. */
class NaiveClientAgainstSimulatorTest {

    /** One-second tokens, each new one revoking the last, and no thresholds: the storm runs freely. */
    private static final SimulatorSettings REVOKING_UNLIMITED = SimulatorSettings.builder()
            .tokenLifetime(Duration.ofSeconds(1))
            .revokePrevious(true)
            .thresholds(Carrier.FEDEX, ThresholdRules.NONE)
            .build();

    @ParameterizedTest
    @EnumSource(ClientLibrary.class)
    void everyClientLibraryGetsQuotesAndCountsEveryTokenCallTheCarrierSaw(ClientLibrary library) throws Exception {
        try (CarrierSimulator simulator = CarrierSimulator.start(REVOKING_UNLIMITED)) {
            RunResult result = run(simulator, "--client", library.flagName(), "--users", "4", "--seconds", "1500ms");

            CarrierStats fedex = simulator.stats().fedex();
            assertTrue(result.ok() > 0, () -> "no call succeeded: " + result);
            assertEquals(fedex.tokenCalls(), result.tokenRequests());
            assertEquals(fedex.apiCalls(200), result.apiRequestsByStatus().getOrDefault("200", 0L));
            assertEquals(total(fedex.apiCallsByStatus().values()), result.apiRequests());
        }
    }

    @Test
    void upsTokensWithAStringExpiresInAreReusedFromTheCache() throws Exception {
        try (CarrierSimulator simulator = CarrierSimulator.start(SimulatorSettings.defaults())) {
            RunResult result = run(simulator, "--carrier", "ups", "--client", "okhttp", "--users", "4", "--seconds", "1");

            assertEquals(result.calls(), result.ok(), () -> "some calls failed: " + result);
            assertTrue(result.tokenRequests() <= 4, () -> "the cache was not used: " + result);
            assertEquals(simulator.stats().ups().tokenCalls(), result.tokenRequests());
        }
    }

    @Test
    void usersRenewingOnEach401RevokeEachOthersTokensIntoAStorm() throws Exception {
        try (CarrierSimulator simulator = CarrierSimulator.start(REVOKING_UNLIMITED)) {
            RunResult result = run(simulator, "--users", "40", "--seconds", "3");

            // Three one-second tokens would do; each user fetches many (about 20 on an idle machine, a
            // handful on a busy one): two each is already a storm, and holds however busy the machine.
            assertTrue(result.tokenRequests() > 2 * 40, () -> "no storm: " + result);
            assertTrue(result.failed(Failure.AUTH) > 0, () -> "no user ran out of retries: " + result);
            assertEquals(simulator.stats().fedex().tokenCalls(), result.tokenRequests());
        }
    }

    @Test
    void theStormGetsTheCallersIpBannedUnderFedExThresholds() throws Exception {
        SimulatorSettings fedexRules = REVOKING_UNLIMITED.toBuilder().thresholds(Carrier.FEDEX, ThresholdRules.FEDEX).build();
        try (CarrierSimulator simulator = CarrierSimulator.start(fedexRules)) {
            RunResult result = run(simulator, "--users", "40", "--seconds", "3");

            CarrierStats fedex = simulator.stats().fedex();
            assertTrue(fedex.bans() >= 1, () -> "not banned: " + fedex);
            assertTrue(result.failed(Failure.FORBIDDEN) > result.ok(), () -> "the ban did not bite: " + result);
        }
    }

    private static RunResult run(CarrierSimulator simulator, String... flags) throws Exception {
        List<String> args = new ArrayList<>(List.of("--base-url", simulator.baseUrl()));
        args.addAll(List.of(flags));
        return new LoadRun(ClientOptions.parse(args.toArray(String[]::new))).run();
    }

    private static long total(Iterable<Long> counts) {
        long sum = 0;
        for (long count : counts) {
            sum += count;
        }
        return sum;
    }
}
