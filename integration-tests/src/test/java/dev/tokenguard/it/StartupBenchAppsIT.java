package dev.tokenguard.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tokenguard.demo.carrier.Carrier;
import dev.tokenguard.demo.carrier.CarrierSimulator;
import dev.tokenguard.demo.carrier.SimulatorSettings;
import dev.tokenguard.demo.carrier.ThresholdRules;
import dev.tokenguard.it.support.FedexAgentConfig;
import dev.tokenguard.it.support.ForkedApp;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The applications {@code bench/startup.sh} times, one per client library, make their calls with and
 * without the agent and exit by themselves; without it, none loads a JSON library of its own.
 */
class StartupBenchAppsIT {
    private static final Pattern TIMED = Pattern.compile("(?m)^first carrier call: \\d+ ms$");
    private static final Duration EXIT_WITHIN = Duration.ofSeconds(60);

    private static CarrierSimulator sim;
    private static Path config;

    @BeforeAll
    static void startSimulator() throws Exception {
        // Every JVM without the agent asks for a token of its own, as in the bench.
        sim = CarrierSimulator.start(SimulatorSettings.builder().thresholds(Carrier.FEDEX, ThresholdRules.NONE).build());
        config = FedexAgentConfig.write(sim);
    }

    @AfterAll
    static void stopSimulator() {
        sim.close();
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"UrlConnectionApp", "JdkHttpClientApp", "OkHttpApp", "Apache5ClassicApp", "Apache5AsyncApp", "Apache4App"})
    void theGuardedFirstCarrierCallSucceedsAndIsTimed(String app) throws Exception {
        ForkedApp.Finished run = carrierCall(ForkedApp.builder().agentConfig(config), app);

        assertEquals(0, run.exitCode(), run.stderr());
        assertTrue(TIMED.matcher(run.stdout()).find(), run.stdout());
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"UrlConnectionApp", "JdkHttpClientApp", "OkHttpApp", "Apache5ClassicApp", "Apache5AsyncApp", "Apache4App"})
    void withoutTheAgentTheFirstCarrierCallSucceedsWithoutLoadingJackson(String app) throws Exception {
        Path classes = Files.createTempFile("tokenguard-classes", ".log");

        ForkedApp.Finished run = carrierCall(ForkedApp.builder().jvmArg("-Xlog:class+load:file=" + classes), app);

        assertEquals(0, run.exitCode(), run.stderr());
        assertTrue(TIMED.matcher(run.stdout()).find(), run.stdout());
        String loaded = Files.readString(classes);
        assertTrue(loaded.contains("dev.tokenguard.it.app.startup." + app), "no class-loading log");
        assertFalse(loaded.contains("com.fasterxml.jackson"), "the application loaded Jackson");
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"UrlConnectionApp", "JdkHttpClientApp", "OkHttpApp", "Apache5ClassicApp", "Apache5AsyncApp", "Apache4App"})
    void theGuardedNonCarrierCallIsAnswered(String app) throws Exception {
        String url = "http://localhost:" + sim.httpPort() + "/__sim/stats";

        ForkedApp.Finished run = ForkedApp.builder().agentConfig(config)
                .main("dev.tokenguard.it.app.startup." + app, "non-carrier", url).run(EXIT_WITHIN);

        assertEquals(0, run.exitCode(), run.stderr());
        assertTrue(run.stdout().contains("GET " + url + ": 200"), run.stdout());
    }

    private static ForkedApp.Finished carrierCall(ForkedApp.Builder builder, String app) throws Exception {
        return builder.main("dev.tokenguard.it.app.startup." + app, "carrier",
                sim.baseUrl() + "/oauth/token", sim.baseUrl() + "/rate/v1/rates/quotes").run(EXIT_WITHIN);
    }
}
