package dev.tokenguard.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.tools.attach.VirtualMachine;
import dev.tokenguard.demo.carrier.Carrier;
import dev.tokenguard.demo.carrier.CarrierSimulator;
import dev.tokenguard.demo.carrier.SimulatorSettings;
import dev.tokenguard.it.support.Artifacts;
import dev.tokenguard.it.support.FedexAgentConfig;
import dev.tokenguard.it.support.ForkedApp;
import dev.tokenguard.it.support.Jcmd;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The agent loaded into an application that started without it, the two ways the README gives:
 * the real {@code jcmd} of the running JDK with the option in double quotes, and the attach API.
 * Once loaded it guards: of two token requests the application makes one after the other, the
 * second is answered from the agent's cache and the carrier sees one token call. The application
 * runs with {@code -XX:+EnableDynamicAgentLoading}, as the README asks, so that JDK 21 and later
 * print no warning.
 */
class DynamicAttachIT {
    private static final Duration AGENT_START = Duration.ofSeconds(60);
    private static final String CLIENT = "attach-client";
    private static final String SECRET = "attach-secret";
    private static final String START_LINE = "guarding fedex";
    private static final Path JAVA_HOME = Path.of(System.getProperty("java.home"));

    private CarrierSimulator sim;
    private Path config;
    private ForkedApp app;

    @BeforeEach
    void start() throws IOException {
        sim = CarrierSimulator.start(SimulatorSettings.builder().client(Carrier.FEDEX, CLIENT, SECRET).build());
        config = FedexAgentConfig.write(sim);
        app = ForkedApp.builder().jvmArg("-XX:+EnableDynamicAgentLoading").start();
    }

    @AfterEach
    void stop() throws IOException {
        if (app != null) {
            app.close();
        }
        if (sim != null) {
            sim.close();
        }
    }

    @Test
    void jcmdWithTheOptionInDoubleQuotesLoadsTheAgent() throws Exception {
        Jcmd.agentLoad(JAVA_HOME, app.pid(), "\"config=" + config + "\"");
        awaitStderr(START_LINE);

        assertEquals(1, realTokenCallsForTwoTokenRequests(), "real token calls");
    }

    @Test
    void jcmdWithTheOptionUnquotedIsRefusedWithTheCommandThatWorksAndThatCommandThenLoadsTheAgent() throws Exception {
        Jcmd.agentLoad(JAVA_HOME, app.pid(), "config=" + config);
        String refusal = "got the option string \"config\", which names config without a value";
        awaitStderr(refusal);
        assertTrue(app.stderrText().contains("type jcmd " + app.pid() + " JVMTI.agent_load "), app.stderrText());
        assertTrue(app.stderrText().contains(" '\"config=/path/to/tokenguard.properties\"'"), app.stderrText());
        assertEquals(2, realTokenCallsForTwoTokenRequests(), "real token calls, unguarded");

        Jcmd.agentLoad(JAVA_HOME, app.pid(), "\"config=" + config + "\"");
        awaitStderr(START_LINE);

        assertEquals(1, realTokenCallsForTwoTokenRequests(), "real token calls, guarded");
    }

    @Test
    void attachApiLoadsTheAgentWithTheOptionStringAsAtLaunch() throws Exception {
        VirtualMachine vm = VirtualMachine.attach(Long.toString(app.pid()));
        try {
            vm.loadAgent(Artifacts.agentJar().toString(), "config=" + config);
        } finally {
            vm.detach();
        }
        awaitStderr(START_LINE);

        assertEquals(1, realTokenCallsForTwoTokenRequests(), "real token calls");
    }

    private void awaitStderr(String text) throws Exception {
        app.awaitStderr(text, AGENT_START);
    }

    /** Two token requests with the same credentials, one after the other; every one must succeed. */
    private long realTokenCallsForTwoTokenRequests() throws IOException {
        long before = sim.stats().of(Carrier.FEDEX).tokenCalls();
        for (int i = 0; i < 2; i++) {
            JsonNode reply = app.send(Map.of("op", "call", "client", "urlconnection", "method", "POST",
                    "url", sim.baseUrl() + "/oauth/token", "contentType", "application/x-www-form-urlencoded",
                    "body", "grant_type=client_credentials&client_id=" + CLIENT + "&client_secret=" + SECRET))
                    .path("replies").get(0);
            assertEquals(200, reply.path("status").asInt(), reply::toString);
        }
        return sim.stats().of(Carrier.FEDEX).tokenCalls() - before;
    }
}
