package dev.tokenguard.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tokenguard.demo.carrier.AverageRule;
import dev.tokenguard.demo.carrier.BurstRule;
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
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@code java -jar tokenguard-agent.jar attach PID --config FILE --trip} into a JVM that started
 * without the agent and is getting its IP banned: the seed's naive client (users sharing one client
 * built at start, renewing on every 401, three times) against the simulator's FedEx rules with
 * 3-second tokens that revoke their predecessors, its thresholds and ban scaled down. From the moment
 * the command returns the carrier sees no call at all, through clients built long before the attach;
 * after {@code reset} the same clients run through the agent, and no whole second holds more token
 * calls than the FedEx preset's 1 a second. The figures are printed for the README.
 */
class AttachDuringStormIT {
    private static final Duration LIFETIME = Duration.ofSeconds(3);
    /**
     * FedEx's thresholds (3 a second for 5 s; 1 a second for 2 minutes) and ban (10 minutes), scaled
     * down so that a storm is banned within seconds, for 2 s; the preset's rate stays under both.
     */
    private static final BurstRule BURST = new BurstRule(3, Duration.ofMillis(500), 4);
    private static final AverageRule AVERAGE = new AverageRule(30, Duration.ofSeconds(30));
    private static final Duration BAN = Duration.ofSeconds(2);
    private static final int USERS = 8;
    /** The FedEx preset's tightest rate: 1 token call a second. */
    private static final int PRESET_RATE = 1;
    private static final Duration QUIET_WINDOW = Duration.ofSeconds(2);
    private static final Duration CURED_WINDOW = Duration.ofSeconds(3);
    private static final Duration DEADLINE = Duration.ofSeconds(40);

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"urlconnection", "okhttp", "apache5", "apache5-async", "apache4", "jdk"})
    void attachWithTripStopsEveryCallAndAfterAResetTheStormIsCured(String client) throws Exception {
        SimulatorSettings settings = SimulatorSettings.builder().tokenLifetime(LIFETIME).revokePrevious(true)
                .thresholds(Carrier.FEDEX, ThresholdRules.FEDEX.withBurst(BURST).withAverage(AVERAGE).withBan(BAN)).build();
        try (CarrierSimulator sim = CarrierSimulator.start(settings)) {
            Path config = FedexAgentConfig.write(sim);
            ForkedApp app = ForkedApp.builder().jvmArg("-XX:+EnableDynamicAgentLoading")
                    .main("dev.tokenguard.demo.client.NaiveShippingClient", "--base-url", sim.baseUrl(),
                            "--carrier", "fedex", "--client", client, "--users", String.valueOf(USERS),
                            "--think", "50ms", "--seconds", "120")
                    .start();
            try {
                long stormStart = System.nanoTime();
                Await.until("the storm gets the IP banned", DEADLINE, () -> fedex(sim).bans() >= 1, () -> fedex(sim).toString());
                CarrierStats beforeAttach = fedex(sim);
                double before = perSecond(beforeAttach.tokenCalls(), System.nanoTime() - stormStart);

                Run attach = AgentCli.run("attach", String.valueOf(app.pid()), "--config", config.toString(), "--trip");

                assertEquals(0, attach.exit(), attach::toString);
                assertTrue(attach.stdout().contains("fedex: guarded, kill-switch TRIPPED: tripped at attach by "
                        + System.getProperty("user.name") + " (until reset)"), attach::toString);
                CarrierStats atAttach = fedex(sim);
                Thread.sleep(QUIET_WINDOW.toMillis()); // the window in which the carrier must see nothing
                CarrierStats quiet = fedex(sim);
                assertEquals(calls(atAttach), calls(quiet), () -> "the carrier saw calls after the attach: " + quiet);

                Await.until("the shortened ban ends", DEADLINE, () -> !fedex(sim).banned(), () -> fedex(sim).toString());
                Run reset = AgentCli.run("reset", String.valueOf(app.pid()));
                assertEquals(0, reset.exit(), reset::toString);
                CarrierStats atReset = fedex(sim);
                long resetAt = System.nanoTime();
                Await.until("the users' API calls succeed again", DEADLINE,
                        () -> fedex(sim).apiCalls(200) > atReset.apiCalls(200), () -> fedex(sim).toString());
                Thread.sleep(CURED_WINDOW.toMillis()); // the window over which the cured rate is measured
                CarrierStats cured = fedex(sim);
                long elapsed = System.nanoTime() - resetAt;
                double after = perSecond(cured.tokenCalls() - atReset.tokenCalls(), elapsed);

                // The carrier's count for each whole second since its start; none of these holds a storm call.
                List<Integer> seconds = cured.tokenCallsPerSecond();
                int peakAfter = seconds.subList(Math.max(0, atReset.tokenCallsPerSecond().size() - 1), seconds.size())
                        .stream().mapToInt(Integer::intValue).max().orElse(0);

                System.out.printf(Locale.ROOT, "attach during storm, %s: %.1f token calls/s before the attach"
                        + " (peak %d in one second, banned after %d calls), %.2f token calls/s after the reset (%d calls"
                        + " in %.1f s, at most %d in one second; %d API calls answered 200)%n", client, before,
                        beforeAttach.peakTokenCallsPerSecond(), beforeAttach.tokenCalls(), after,
                        cured.tokenCalls() - atReset.tokenCalls(), elapsed / 1e9, peakAfter,
                        cured.apiCalls(200) - atReset.apiCalls(200));
                assertEquals(atReset.bans(), cured.bans(), cured::toString);
                assertTrue(peakAfter <= PRESET_RATE, () -> "token calls after the reset over the preset's rate: " + cured);
            } finally {
                app.kill();
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"okhttp"})
    void attachingTwiceSaysSoAndChangesNothing(String client) throws Exception {
        try (CarrierSimulator sim = CarrierSimulator.start(SimulatorSettings.defaults())) {
            Path config = FedexAgentConfig.write(sim);
            Path broken = Files.createTempFile("tokenguard-broken", ".properties");
            Files.writeString(broken, "carrier.fedex.preset=fedx\n");
            ForkedApp app = ForkedApp.builder().jvmArg("-XX:+EnableDynamicAgentLoading")
                    .main("dev.tokenguard.demo.client.NaiveShippingClient", "--base-url", sim.baseUrl(),
                            "--carrier", "fedex", "--client", client, "--users", "2", "--seconds", "120")
                    .start();
            try {
                String pid = String.valueOf(app.pid());
                Run refused = AgentCli.run("attach", pid, "--config", broken.toString());
                assertEquals(2, refused.exit(), refused::toString);
                assertTrue(refused.stderr().get(0).contains("carrier.fedex.preset"), refused::toString);
                assertTrue(refused.stderr().get(0).endsWith("nothing was attached"), refused::toString);

                Run first = AgentCli.run("attach", pid, "--config", config.toString());
                assertEquals(0, first.exit(), first::toString);
                assertTrue(first.stdout().contains("fedex: guarded, kill-switch off"), first::toString);

                Run second = AgentCli.run("attach", pid, "--config", config.toString(), "--trip");
                assertEquals(8, second.exit(), second::toString);
                assertEquals("tokenguard: PID " + pid + " runs a tokenguard agent already (carriers: fedex);"
                        + " nothing changed", second.stderr().get(0));
                Run status = AgentCli.run("status", pid);
                assertTrue(status.stdout().get(1).contains(" off "), status::toString);
                assertEquals(1, count(app.stderrText(), "guarding fedex"), app.stderrText());
            } finally {
                app.kill();
            }
        }
    }

    private static CarrierStats fedex(CarrierSimulator sim) {
        return sim.stats().of(Carrier.FEDEX);
    }

    /** Every hit on the carrier, token endpoint and API alike. */
    private static long calls(CarrierStats stats) {
        return stats.tokenCalls() + stats.apiCallsByStatus().values().stream().mapToLong(Long::longValue).sum();
    }

    private static double perSecond(long calls, long nanos) {
        return calls / (nanos / 1e9);
    }

    private static int count(String text, String part) {
        int n = 0;
        for (int i = text.indexOf(part); i >= 0; i = text.indexOf(part, i + 1)) {
            n++;
        }
        return n;
    }
}
