package dev.tokenguard.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.jar.Attributes;
import java.util.jar.JarFile;
import java.util.regex.Pattern;
import java.util.zip.ZipEntry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The shaded agent jar as it ships: its contents, and a JVM started with it. */
class AgentJarIT {

    private static final Path JAR = Path.of(System.getProperty("tokenguard.agentJar", "target/tokenguard-agent.jar"));
    /** The project's version, as Maven builds the jar with it. */
    private static final String VERSION = System.getProperty("tokenguard.version");

    @TempDir
    Path dir;

    @Test
    void jarHoldsNoClassOutsideTokenguardsPackages() throws IOException {
        List<String> strays = new ArrayList<>();
        try (JarFile jar = new JarFile(JAR.toFile())) {
            jar.stream().map(ZipEntry::getName)
                    .filter(name -> !name.endsWith("/") && !name.startsWith("META-INF/") && !name.startsWith("dev/tokenguard/"))
                    .forEach(strays::add);
        }
        assertEquals(List.of(), strays);
    }

    @Test
    void manifestNamesTheEntryPoints() throws IOException {
        try (JarFile jar = new JarFile(JAR.toFile())) {
            Attributes main = jar.getManifest().getMainAttributes();
            assertEquals("dev.tokenguard.agent.TokenguardAgent", main.getValue("Premain-Class"));
            assertEquals("dev.tokenguard.agent.TokenguardAgent", main.getValue("Agent-Class"));
            assertEquals("true", main.getValue("Can-Retransform-Classes"));
        }
    }

    @Test
    void manifestCarriesTheVersion() throws IOException {
        try (JarFile jar = new JarFile(JAR.toFile())) {
            assertEquals(VERSION, jar.getManifest().getMainAttributes().getValue("Implementation-Version"));
        }
    }

    @Test
    void versionOptionPrintsTheVersionAndExitsZero() throws Exception {
        Run run = java("-jar", JAR.toString(), "--version");

        assertEquals(0, run.exit(), run.stderr().toString());
        assertEquals(List.of("tokenguard " + VERSION), run.stdout());
        assertEquals(List.of(), run.stderr());
    }

    /**
     * The bundled SLF4J binds to the agent's own provider, registered under the relocated service
     * name, so the application's own SLF4J neither finds it nor loses its own binding.
     */
    @Test
    void theBundledSlf4jBindsToTheAgentsOwnProviderOnly() throws IOException {
        try (JarFile jar = new JarFile(JAR.toFile())) {
            ZipEntry service = jar.getEntry("META-INF/services/dev.tokenguard.shaded.slf4j.spi.SLF4JServiceProvider");
            assertTrue(service != null, "the provider is registered under the relocated name");
            assertEquals("dev.tokenguard.agent.logging.TokenguardServiceProvider",
                    new String(jar.getInputStream(service).readAllBytes(), StandardCharsets.UTF_8).trim());
            assertEquals(List.of(), jar.stream().map(ZipEntry::getName)
                    .filter(name -> name.startsWith("META-INF/services/org.slf4j") || name.startsWith("dev/tokenguard/shaded/slf4j/simple/"))
                    .toList());
        }
    }

    @Test
    void logFileReceivesTheLinesInsteadOfStandardError() throws Exception {
        Path log = dir.resolve("tokenguard.log");
        Path config = write("carrier.sim.preset=fedex\ncarrier.sim.api-hosts=127.0.0.1:9\n"
                + "carrier.sim.token-url=http://127.0.0.1:9/oauth/token\ntokenguard.log.file=" + log + "\n");

        Run run = java("-javaagent:" + JAR + "=config=" + config, "--version");

        assertEquals(0, run.exit(), run.stderr().toString());
        assertEquals(List.of(), run.stderr());
        List<String> lines = Files.readAllLines(log);
        assertEquals(1, lines.size(), lines.toString());
        assertTrue(lines.get(0).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z \\[main\\] INFO tokenguard - tokenguard "
                + Pattern.quote(VERSION) + ": guarding sim .*"), lines.get(0));
    }

    @Test
    void unopenableLogFileIsSaidInOneLineAndTheAgentLogsToStandardError() throws Exception {
        Path log = dir.resolve("no-such-directory").resolve("tokenguard.log");
        Path config = write("carrier.sim.preset=fedex\ncarrier.sim.api-hosts=127.0.0.1:9\n"
                + "carrier.sim.token-url=http://127.0.0.1:9/oauth/token\ntokenguard.log.file=" + log + "\n");

        Run run = java("-javaagent:" + JAR + "=config=" + config, "--version");

        assertEquals(0, run.exit(), run.stderr().toString());
        assertEquals(2, run.stderr().size(), run.stderr().toString());
        assertTrue(run.stderr().get(0).startsWith("tokenguard: cannot open the log file " + log + " ("), run.stderr().get(0));
        assertTrue(run.stderr().get(0).endsWith("); logging to standard error instead"), run.stderr().get(0));
        assertTrue(run.stderr().get(1).contains(" INFO tokenguard - tokenguard " + VERSION + ": guarding sim "), run.stderr().get(1));
    }

    @Test
    void unusableConfigurationStopsTheJvmWithOneLine() throws Exception {
        Path config = write("carrier.fedex.preset=fedex\ncarrier.fedex.min-interval=1x\n");

        Run run = java("-javaagent:" + JAR + "=config=" + config, "--version");

        assertEquals(1, run.exit());
        assertEquals(1, run.stderr().size(), run.stderr().toString());
        assertTrue(run.stderr().get(0).startsWith("tokenguard: Invalid tokenguard configuration ("), run.stderr().get(0));
        assertTrue(run.stdout().isEmpty(), "main never ran");
    }

    @Test
    void onConfigErrorPassStartsTheApplicationUnguarded() throws Exception {
        Path config = write("tokenguard.on-config-error=pass\ncarrier.fedex.preset=fedex\ncarrier.fedex.min-interval=1x\n");

        Run run = java("-javaagent:" + JAR + "=config=" + config, "--version");

        assertEquals(0, run.exit());
        assertEquals(1, run.stderr().size(), run.stderr().toString());
        assertTrue(run.stderr().get(0).startsWith("tokenguard: "), run.stderr().get(0));
        assertTrue(run.stderr().get(0).endsWith("(running unguarded, as tokenguard.on-config-error=pass asks)"));
    }

    @Test
    void startedAgentGuardsCarrierHostsOnlyAndSaysOneLineOfWhat() throws Exception {
        Path config = write("carrier.sim.preset=fedex\ncarrier.sim.api-hosts=127.0.0.1:9\n"
                + "carrier.sim.token-url=http://127.0.0.1:9/oauth/token\n");

        Run run = java("-javaagent:" + JAR + "=config=" + config,
                "-cp", System.getProperty("basedir", ".") + "/target/test-classes",
                StartupProbe.class.getName(), "http://127.0.0.1:9/track", "https://127.0.0.1:9/track",
                "http://127.0.0.1:10/other");

        assertEquals(0, run.exit(), run.stderr().toString());
        assertEquals(1, run.stderr().size(), run.stderr().toString());
        assertTrue(run.stderr().get(0).endsWith(" INFO tokenguard - tokenguard " + VERSION
                + ": guarding sim (127.0.0.1:9, token http://127.0.0.1:9/oauth/token); store local"), run.stderr().get(0));
        assertEquals(List.of("dev.tokenguard.agent.urlconnection.GuardedHttpURLConnection",
                "dev.tokenguard.agent.urlconnection.GuardedHttpsURLConnection",
                "sun.net.www.protocol.http.HttpURLConnection"), run.stdout());
    }

    /**
     * Start-up cost (issue 10): what a JVM that never calls a carrier does not load, read from the
     * JVM's own class-loading log, so that the figure cannot silently regress.
     */
    @Test
    void nonCarrierCallLoadsNoneOfTheGuardsLibraries() throws Exception {
        Path config = write("carrier.sim.preset=fedex\ncarrier.sim.api-hosts=127.0.0.1:9\n"
                + "carrier.sim.token-url=http://127.0.0.1:9/oauth/token\n");

        Run run = java("-Xlog:class+load:file=" + dir.resolve("classes.txt"), "-javaagent:" + JAR + "=config=" + config,
                "-cp", System.getProperty("basedir", ".") + "/target/test-classes",
                StartupProbe.class.getName(), "http://127.0.0.1:10/other");

        assertEquals(0, run.exit(), run.stderr().toString());
        List<String> loaded = Files.readAllLines(dir.resolve("classes.txt"));
        assertTrue(loaded.stream().anyMatch(line -> line.contains(" dev.tokenguard.bootstrap.Bridge ")),
                "the log lists the agent's classes");
        // Byte Buddy is named in any package: the agent bundles none, and its AgentBuilder once cost
        // every start 0.6 s; Caffeine likewise, which the broker once used (its static initialiser
        // reaches java.util.logging); the others are what the guard needs, built on the first carrier call.
        List<String> libraries = List.of("dev.tokenguard.shaded.jackson.", "dev.tokenguard.shaded.caffeine.",
                "dev.tokenguard.shaded.bucket4j.", "dev.tokenguard.shaded.redis.clients.", "net.bytebuddy.",
                "dev.tokenguard.shaded.net.bytebuddy.");
        assertEquals(List.of(), loaded.stream()
                .map(line -> line.split(" ")[1])
                .filter(name -> libraries.stream().anyMatch(name::startsWith))
                .toList());
    }

    /**
     * Issue 12: the metrics endpoint's library is linked only where {@code tokenguard.metrics.port} is
     * set, even after the background thread that would start it has run.
     */
    @Test
    void withoutTheMetricsPortNoPrometheusClassIsLoaded() throws Exception {
        Path config = write("carrier.sim.preset=fedex\ncarrier.sim.api-hosts=127.0.0.1:9\n"
                + "carrier.sim.token-url=http://127.0.0.1:9/oauth/token\n");

        Run run = java("-Xlog:class+load:file=" + dir.resolve("classes.txt"), "-javaagent:" + JAR + "=config=" + config,
                "-cp", System.getProperty("basedir", ".") + "/target/test-classes", MetricsProbe.class.getName(), "sim");

        assertEquals(0, run.exit(), run.stderr().toString());
        List<String> loaded = Files.readAllLines(dir.resolve("classes.txt"));
        assertTrue(loaded.stream().anyMatch(line -> line.contains(" dev.tokenguard.core.jmx.CarrierBean ")),
                "the background thread ran: " + run.stderr());
        assertEquals(List.of(), loaded.stream()
                .map(line -> line.split(" ")[1])
                .filter(name -> name.startsWith("dev.tokenguard.shaded.prometheus.") || name.startsWith("io.prometheus.")
                        || name.startsWith("dev.tokenguard.core.metrics."))
                .toList());
    }

    @Test
    void withTheMetricsPortTheShadedEndpointAnswersAndTheJvmStillEndsWithMain() throws Exception {
        int port;
        try (java.net.ServerSocket free = new java.net.ServerSocket(0)) {
            port = free.getLocalPort();
        }
        Path config = write("carrier.sim.preset=fedex\ncarrier.sim.api-hosts=127.0.0.1:9\n"
                + "carrier.sim.token-url=http://127.0.0.1:9/oauth/token\n"
                + "tokenguard.metrics.port=" + port + "\ntokenguard.metrics.host=127.0.0.1\n");

        Run run = java("-Xlog:class+load:file=" + dir.resolve("classes.txt"), "-javaagent:" + JAR + "=config=" + config,
                "-cp", System.getProperty("basedir", ".") + "/target/test-classes", MetricsProbe.class.getName(), "sim",
                "http://127.0.0.1:" + port + "/metrics");

        assertEquals(0, run.exit(), run.stderr().toString());
        assertEquals("200", run.stdout().get(0), run.stdout().toString());
        assertTrue(run.stdout().contains("# TYPE tokenguard_token_calls_total counter"), run.stdout().toString());
        assertTrue(run.stdout().contains("tokenguard_token_calls_total{carrier=\"sim\"} 0.0"), run.stdout().toString());
        assertTrue(run.stderr().get(1).endsWith(" INFO tokenguard - tokenguard: Prometheus metrics on http://127.0.0.1:"
                + port + "/metrics"), run.stderr().toString());
        assertTrue(Files.readAllLines(dir.resolve("classes.txt")).stream()
                        .anyMatch(line -> line.contains(" dev.tokenguard.shaded.prometheus.metrics.exporter.httpserver.HTTPServer ")),
                "the relocated library served it");
    }

    @Test
    void aMetricsPortInUseIsOneErrorNamingKeyAndPortAndTheApplicationRunsOn() throws Exception {
        try (java.net.ServerSocket taken = new java.net.ServerSocket(0, 1, java.net.InetAddress.getByName("127.0.0.1"))) {
            int port = taken.getLocalPort();
            Path config = write("carrier.sim.preset=fedex\ncarrier.sim.api-hosts=127.0.0.1:9\n"
                    + "carrier.sim.token-url=http://127.0.0.1:9/oauth/token\n"
                    + "tokenguard.metrics.port=" + port + "\ntokenguard.metrics.host=127.0.0.1\n");

            Run run = java("-javaagent:" + JAR + "=config=" + config,
                    "-cp", System.getProperty("basedir", ".") + "/target/test-classes", MetricsProbe.class.getName(), "sim");

            assertEquals(0, run.exit(), run.stderr().toString());
            List<String> errors = run.stderr().stream().filter(line -> line.contains(" ERROR ")).toList();
            assertEquals(1, errors.size(), run.stderr().toString());
            assertTrue(errors.get(0).contains(" ERROR tokenguard - tokenguard: tokenguard.metrics.port=" + port
                    + ": could not serve metrics on 127.0.0.1:" + port + " ("), errors.get(0));
            assertEquals(2, run.stderr().size(), "the start line and the error, no stack trace: " + run.stderr());
        }
    }

    private record Run(int exit, List<String> stdout, List<String> stderr) {}

    private Run java(String... arguments) throws Exception {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(List.of(arguments));
        Path out = dir.resolve("out.txt");
        Path err = dir.resolve("err.txt");
        Process process = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        // Bounded: a thread the agent started as non-daemon would keep the JVM alive after main.
        if (!process.waitFor(2, java.util.concurrent.TimeUnit.MINUTES)) {
            process.destroyForcibly().waitFor();
            throw new AssertionError("the JVM did not end after main: " + command + "\n" + Files.readString(err));
        }
        return new Run(process.exitValue(), Files.readAllLines(out), Files.readAllLines(err));
    }

    private Path write(String properties) throws IOException {
        return Files.writeString(dir.resolve("tokenguard.properties"), properties);
    }

    /** The class file as text: its constant pool's strings are readable in it. */
    private static String classText(JarFile jar, String entry) throws IOException {
        return new String(jar.getInputStream(jar.getEntry(entry)).readAllBytes(), StandardCharsets.ISO_8859_1);
    }
}
