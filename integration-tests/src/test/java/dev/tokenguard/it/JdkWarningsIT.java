package dev.tokenguard.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tokenguard.demo.carrier.Carrier;
import dev.tokenguard.demo.carrier.CarrierSimulator;
import dev.tokenguard.demo.carrier.SimulatorSettings;
import dev.tokenguard.it.support.FedexAgentConfig;
import dev.tokenguard.it.support.ForkedApp;
import dev.tokenguard.it.support.Jcmd;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The agent makes the JDK print no warning: an application with {@code -javaagent}, and one that
 * loads it with jcmd (started with {@code -XX:+EnableDynamicAgentLoading}, as the README asks), each
 * making a carrier call through the agent, print no line holding {@code WARNING} or
 * {@code sun.misc.Unsafe} on standard error. On the JDK running the tests and on every other JDK of
 * version 21 or later under {@value #JVM_DIRECTORY}, where such warnings appear; where there is none,
 * that case is skipped, saying so.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class JdkWarningsIT {
    private static final String JVM_DIRECTORY = "/usr/lib/jvm";
    private static final int WARNING_JDK = 21;
    private static final Pattern RELEASE_VERSION = Pattern.compile("(?m)^JAVA_VERSION=\"(\\d+)");
    private static final Duration AGENT_START = Duration.ofSeconds(60);
    private static final String CLIENT = "warnings-client";
    private static final String SECRET = "warnings-secret";
    private static final String START_LINE = "guarding fedex";

    /** A JDK to run the application on; {@code home} is empty where none of version 21+ was found. */
    record Jdk(String name, Optional<Path> home) {
        @Override
        public String toString() {
            return name;
        }
    }

    private CarrierSimulator sim;
    private Path config;

    @BeforeAll
    void start() throws IOException {
        sim = CarrierSimulator.start(SimulatorSettings.builder().client(Carrier.FEDEX, CLIENT, SECRET).build());
        config = FedexAgentConfig.write(sim);
    }

    @AfterAll
    void stop() {
        if (sim != null) {
            sim.close();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("jdks")
    void withJavaagentTheJdkPrintsNoWarning(Jdk jdk) throws Exception {
        Path home = present(jdk);
        String stderr;
        try (ForkedApp app = ForkedApp.builder().javaHome(home).agentConfig(config).start()) {
            carrierCall(app);
            stderr = app.stderrText();
        }
        assertNoWarning(stderr);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("jdks")
    void loadedWithJcmdTheJdkPrintsNoWarning(Jdk jdk) throws Exception {
        Path home = present(jdk);
        String stderr;
        try (ForkedApp app = ForkedApp.builder().javaHome(home).jvmArg("-XX:+EnableDynamicAgentLoading").start()) {
            Jcmd.agentLoad(home, app.pid(), "\"config=" + config + "\"");
            app.awaitStderr(START_LINE, AGENT_START);
            carrierCall(app);
            stderr = app.stderrText();
        }
        assertNoWarning(stderr);
    }

    /** The JDK running the tests, then every other one of version 21 or later. */
    List<Jdk> jdks() throws IOException {
        Path running = Path.of(System.getProperty("java.home")).toRealPath();
        List<Jdk> jdks = new ArrayList<>();
        jdks.add(new Jdk("JDK " + Runtime.version().feature() + " (running the tests)", Optional.of(running)));
        Map<Path, Integer> others = new LinkedHashMap<>();
        if (Files.isDirectory(Path.of(JVM_DIRECTORY))) {
            try (Stream<Path> homes = Files.list(Path.of(JVM_DIRECTORY))) {
                for (Path home : homes.sorted().toList()) {
                    Optional<Integer> version = featureVersion(home);
                    Path real = home.toRealPath();
                    if (version.isPresent() && version.get() >= WARNING_JDK && !real.equals(running)) {
                        others.putIfAbsent(real, version.get());
                    }
                }
            }
        }
        others.forEach((home, version) -> jdks.add(new Jdk("JDK " + version + " (" + home + ")", Optional.of(home))));
        if (Runtime.version().feature() < WARNING_JDK && others.isEmpty()) {
            jdks.add(new Jdk("JDK " + WARNING_JDK + " or later", Optional.empty()));
        }
        return jdks;
    }

    private static Path present(Jdk jdk) {
        assumeTrue(jdk.home().isPresent(), () -> "no JDK of version " + WARNING_JDK + " or later under "
                + JVM_DIRECTORY + " besides the one running the tests; its warnings are not checked");
        return jdk.home().get();
    }

    /** The feature version a JDK's {@code release} file gives, where it has a {@code bin/java}. */
    private static Optional<Integer> featureVersion(Path home) throws IOException {
        Path release = home.resolve("release");
        if (!Files.isRegularFile(release) || !Files.isExecutable(home.resolve("bin").resolve("java"))) {
            return Optional.empty();
        }
        Matcher version = RELEASE_VERSION.matcher(Files.readString(release));
        return version.find() ? Optional.of(Integer.parseInt(version.group(1))) : Optional.empty();
    }

    /** A token request through the agent, which builds its guard on this first carrier request. */
    private void carrierCall(ForkedApp app) throws IOException {
        JsonNode reply = app.send(Map.of("op", "call", "client", "urlconnection", "method", "POST",
                "url", sim.baseUrl() + "/oauth/token", "contentType", "application/x-www-form-urlencoded",
                "body", "grant_type=client_credentials&client_id=" + CLIENT + "&client_secret=" + SECRET))
                .path("replies").get(0);
        assertEquals(200, reply.path("status").asInt(), reply::toString);
    }

    private static void assertNoWarning(String stderr) {
        assertTrue(stderr.contains(START_LINE), () -> "the agent did not start; stderr:\n" + stderr);
        List<String> warnings = stderr.lines()
                .filter(line -> line.contains("WARNING") || line.contains("sun.misc.Unsafe"))
                .toList();
        assertEquals(List.of(), warnings, () -> "stderr:\n" + stderr);
    }
}
