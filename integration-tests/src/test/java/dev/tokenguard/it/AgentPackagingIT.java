package dev.tokenguard.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tokenguard.demo.carrier.Carrier;
import dev.tokenguard.demo.carrier.CarrierSimulator;
import dev.tokenguard.demo.carrier.SimulatorSettings;
import dev.tokenguard.it.support.Artifacts;
import dev.tokenguard.it.support.ForkedApp;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.jar.JarFile;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** The agent jar never clashes with what the application brings. */
class AgentPackagingIT {

    @Test
    void theJarHoldsNoClassOutsideTokenguardsOwnPackages() throws Exception {
        try (JarFile jar = new JarFile(Artifacts.agentJar().toFile())) {
            List<String> foreign = jar.stream()
                    .map(e -> e.getName())
                    .filter(n -> n.endsWith(".class"))
                    .map(n -> n.replaceFirst("^META-INF/versions/\\d+/", ""))
                    .filter(n -> !n.startsWith("dev/tokenguard/"))
                    .collect(Collectors.toList());
            assertEquals(List.of(), foreign);
            assertTrue(jar.stream().anyMatch(e -> e.getName().startsWith("dev/tokenguard/shaded/asm/")));
        }
    }

    @Test
    void anApplicationWithOtherVersionsOfTheBundledLibrariesRunsUnharmed() throws Exception {
        try (CarrierSimulator sim = CarrierSimulator.start(SimulatorSettings.defaults())) {
            String host = "127.0.0.1:" + sim.httpPort();
            Path config = Files.createTempFile("tokenguard-foreign", ".properties");
            Files.writeString(config, "carrier.fedex.preset=fedex\ncarrier.fedex.api-hosts=" + host
                    + "\ncarrier.fedex.token-url=http://" + host + "/oauth/token\n");
            String classpath;
            try (Stream<Path> jars = Files.list(Path.of(System.getProperty("tokenguard.foreignLib")))) {
                classpath = Path.of("target", "test-classes").toAbsolutePath() + File.pathSeparator
                        + jars.map(Path::toString).sorted().collect(Collectors.joining(File.pathSeparator));
            }
            String form = "grant_type=client_credentials&client_id=" + SimulatorSettings.FEDEX_DEMO_CLIENT
                    + "&client_secret=" + SimulatorSettings.FEDEX_DEMO_SECRET;

            ForkedApp.Finished run = ForkedApp.builder().agentConfig(config).classpath(classpath)
                    .main("dev.tokenguard.it.app.ForeignLibrariesApp", "http://" + host + "/oauth/token", form)
                    .run(Duration.ofSeconds(60));

            assertEquals(0, run.exitCode(), run.stderr());
            assertTrue(run.stdout().matches("(?s).*bytebuddy=\\S*byte-buddy-1\\.14\\.18\\.jar made by the app's Byte Buddy.*"), run.stdout());
            assertTrue(run.stdout().contains("jackson=2.15.4 {\"k\":1}"), run.stdout());
            assertTrue(run.stdout().contains("caffeine=v"), run.stdout());
            assertTrue(run.stdout().contains("slf4j=org.slf4j.impl.SimpleLoggerFactory"), run.stdout());
            assertTrue(run.stderr().contains("logged through the app's own SLF4J"), run.stderr());
            assertTrue(run.stdout().contains("token-status-1=200"), run.stdout());
            assertTrue(run.stdout().contains("token-status-2=200"), run.stdout());
            // The agent works beside them: the second call was answered from its cache.
            assertEquals(1, sim.stats().of(Carrier.FEDEX).tokensIssued());
        }
    }
}
