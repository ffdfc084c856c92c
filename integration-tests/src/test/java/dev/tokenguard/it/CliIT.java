package dev.tokenguard.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tokenguard.core.broker.Fingerprints;
import dev.tokenguard.core.events.RefusalReason;
import dev.tokenguard.demo.carrier.CarrierSimulator;
import dev.tokenguard.demo.carrier.SimulatorSettings;
import dev.tokenguard.it.support.AgentCli;
import dev.tokenguard.it.support.AgentCli.Run;
import dev.tokenguard.it.support.ForkedApp;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@code java -jar tokenguard-agent.jar status|trip|reset [--carrier ID] [--reason TEXT] PID},
 * {@code status --json}, {@code invalidate} and {@code mode} against forked JVMs, one with the agent
 * (carriers fedex and ups) and one without. Every test leaves the kill-switches off and the mode enforce.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class CliIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String FORM = "application/x-www-form-urlencoded";

    private CarrierSimulator sim;
    private ForkedApp guarded;
    private ForkedApp unguarded;
    private String fedexToken;

    @BeforeAll
    void start() throws Exception {
        sim = CarrierSimulator.start(SimulatorSettings.defaults());
        Path config = Files.createTempFile("tokenguard-cli", ".properties");
        Files.writeString(config, String.join("\n", List.of(
                "carrier.fedex.preset=fedex",
                "carrier.fedex.api-hosts=127.0.0.1:" + sim.httpPort(),
                "carrier.fedex.token-url=" + sim.baseUrl() + "/oauth/token",
                "carrier.ups.preset=ups",
                "carrier.ups.api-hosts=localhost:" + sim.httpPort(),
                "carrier.ups.token-url=http://localhost:" + sim.httpPort() + "/security/v1/oauth/token", "")));
        guarded = ForkedApp.builder().agentConfig(config).start();
        unguarded = ForkedApp.builder().start();
        JsonNode reply = fedexTokenCall();
        assertEquals(200, reply.path("status").asInt(), reply::toString);
        fedexToken = JSON.readTree(reply.path("body").asText()).path("access_token").asText();
    }

    @AfterAll
    void stop() throws IOException {
        for (AutoCloseable each : new AutoCloseable[] {guarded, unguarded, sim}) {
            try {
                if (each != null) {
                    each.close();
                }
            } catch (Exception e) {
                throw new IOException(e);
            }
        }
    }

    @Test
    void statusPrintsOneRowPerCarrierWithTheTokensFingerprintAndTheCounters() throws Exception {
        Run run = cli("status", pid(guarded));

        assertEquals(0, run.exit(), run::toString);
        assertEquals(5, run.stdout().size(), run::toString);
        assertTrue(run.stdout().get(0).matches("carrier +kill-switch +token +expires in +real calls +suppressed +coalesced"
                + " +rate-limited +401s +upgraded +replayed +refused +bans +refused by reason"), run.stdout().get(0));
        assertTrue(run.stdout().get(1).matches("fedex +off +" + Fingerprints.of(fedexToken) + " +\\d+ s( +\\d+){9} +\\S.*"),
                run.stdout().get(1));
        assertTrue(run.stdout().get(2).matches("ups +off +- +- +0 +0 +0 +0 +0 +0 +0 +0 +0 +-"), run.stdout().get(2));
        assertEquals(List.of("", "mode: enforce"), run.stdout().subList(3, 5));
        assertFalse(String.join("\n", run.stdout()).contains(fedexToken), "the token itself is never shown");
    }

    @Test
    void statusWithACarrierShowsThatCarrierOnly() throws Exception {
        Run run = cli("status", "--carrier", "ups", pid(guarded));

        assertEquals(0, run.exit(), run::toString);
        assertEquals(4, run.stdout().size(), run::toString);
        assertTrue(run.stdout().get(1).startsWith("ups "), run.stdout().get(1));
    }

    @Test
    void tripWithACarrierAndAReasonStopsThatCarrierUntilReset() throws Exception {
        try {
            Run trip = cli("trip", "--carrier", "fedex", "--reason", "carrier maintenance", pid(guarded));

            assertEquals(0, trip.exit(), trip::toString);
            assertEquals(List.of("fedex: kill-switch TRIPPED: carrier maintenance (until reset)"), trip.stdout());
            JsonNode refused = fedexApiCall();
            assertEquals(503, refused.path("status").asInt(), refused::toString);
            assertTrue(refused.path("headers").has("x-tokenguard"), "the agent's own refusal: " + refused);
            Run status = cli("status", pid(guarded));
            assertTrue(status.stdout().get(1).matches("fedex +TRIPPED: carrier maintenance \\(until reset\\) .*"),
                    status.stdout().get(1));
            assertTrue(status.stdout().get(2).matches("ups +off .*"), status.stdout().get(2));
        } finally {
            Run reset = cli("reset", "--carrier", "fedex", pid(guarded));
            assertEquals(0, reset.exit(), reset::toString);
            assertEquals(List.of("fedex: kill-switch off"), reset.stdout());
        }
        assertEquals(200, fedexApiCall().path("status").asInt(), "traffic flows again after the reset");
    }

    @Test
    void tripAndResetWithoutACarrierActOnEveryCarrierAndSaySo() throws Exception {
        try {
            Run trip = cli("trip", pid(guarded));

            assertEquals(0, trip.exit(), trip::toString);
            assertEquals(List.of("no --carrier given: tripping the kill-switch of all 2 carriers",
                    "fedex: kill-switch TRIPPED: tripped with tokenguard-agent.jar trip (until reset)",
                    "ups: kill-switch TRIPPED: tripped with tokenguard-agent.jar trip (until reset)"), trip.stdout());
        } finally {
            Run reset = cli("reset", pid(guarded));

            assertEquals(0, reset.exit(), reset::toString);
            assertEquals(List.of("no --carrier given: resetting the kill-switch of all 2 carriers",
                    "fedex: kill-switch off", "ups: kill-switch off"), reset.stdout());
        }
    }

    @Test
    void statusJsonIsOneObjectWithEveryFigureTheModeAndTheWouldBeFigures() throws Exception {
        Run table = cli("status", pid(guarded));
        Run run = cli("status", "--json", pid(guarded));

        assertEquals(0, run.exit(), run::toString);
        assertEquals(1, run.stdout().size(), run::toString);
        JsonNode status = JSON.readTree(run.stdout().get(0));
        assertEquals(guarded.pid(), status.path("pid").asLong());
        assertEquals("enforce", status.path("mode").asText());
        assertEquals(List.of("fedex", "ups"), iterable(status.path("carriers").fieldNames()));
        JsonNode fedex = status.path("carriers").path("fedex");
        assertEquals("OFF", fedex.path("killSwitch").path("state").asText());
        assertEquals(Fingerprints.of(fedexToken), fedex.path("tokenFingerprint").asText(), fedex::toString);
        assertTrue(fedex.path("tokenExpiresInSeconds").asLong() > 0, fedex::toString);
        for (String figure : List.of("realTokenCalls", "suppressedRenewals", "coalescedWaiters", "rateLimitedRenewals",
                "unauthorized", "upgraded", "replayed", "refused", "bansDetected")) {
            assertTrue(fedex.path(figure).isIntegralNumber(), figure + " in " + fedex);
        }
        assertEquals(java.util.Arrays.stream(RefusalReason.values()).map(RefusalReason::label).toList(),
                iterable(fedex.path("refusedByReason").fieldNames()), "every kind, in the table's order");
        assertEquals(List.of("observedTokenRequests", "tokenCalls", "suppressed", "coalesced", "heldBack", "bansSeen",
                "killSwitchTrips", "killSwitchRefusals", "policyRefusals"), iterable(fedex.path("wouldBe").fieldNames()));
        assertTrue(status.path("carriers").path("ups").path("tokenFingerprint").isNull());
        assertTrue(table.stdout().get(1).matches("fedex +off +" + fedex.path("tokenFingerprint").asText() + " .*"),
                "the table shows the same token: " + table.stdout().get(1));
        assertFalse(run.stdout().get(0).contains(fedexToken), "the token itself is never shown");
    }

    @Test
    void invalidateDropsTheCarriersTokenAndTheNextRequestRenews() throws Exception {
        Run run = cli("invalidate", "--carrier", "fedex", pid(guarded));

        assertEquals(0, run.exit(), run::toString);
        assertEquals(List.of("fedex: 1 token dropped; the next request renews"), run.stdout());
        JsonNode fedex = JSON.readTree(cli("status", "--json", "--carrier", "fedex", pid(guarded)).stdout().get(0))
                .path("carriers").path("fedex");
        assertTrue(fedex.path("tokenFingerprint").isNull(), fedex::toString);

        JsonNode reply = fedexTokenCall();
        assertEquals(200, reply.path("status").asInt(), reply::toString);
        String renewed = JSON.readTree(reply.path("body").asText()).path("access_token").asText();
        assertFalse(renewed.equals(fedexToken), "a new token after the invalidation");
        fedexToken = renewed;
        Run all = cli("invalidate", pid(guarded));
        assertEquals(List.of("fedex: 1 token dropped; the next request renews",
                "ups: 0 tokens dropped; the next request renews"), all.stdout());
        reply = fedexTokenCall();
        fedexToken = JSON.readTree(reply.path("body").asText()).path("access_token").asText();
    }

    @Test
    void modeSwitchesAtOnceAndStatusShowsIt() throws Exception {
        try {
            Run observe = cli("mode", "observe", pid(guarded));

            assertEquals(0, observe.exit(), observe::toString);
            assertEquals(List.of("PID " + pid(guarded) + ": mode enforce -> observe"), observe.stdout());
            Run status = cli("status", pid(guarded));
            assertEquals("mode: observe", status.stdout().get(4), status::toString);
            assertEquals("what enforce would have done with the calls observed:", status.stdout().get(5));
            assertTrue(status.stdout().get(6).startsWith("carrier  token requests  would call"), status.stdout().get(6));
        } finally {
            Run enforce = cli("mode", "enforce", pid(guarded));
            assertEquals(List.of("PID " + pid(guarded) + ": mode observe -> enforce"), enforce.stdout(), enforce::toString);
        }
    }

    /** The jar's Main-Class runs without the agent's hooks, Byte Buddy or the bundled logging. */
    @Test
    void theCommandLineLoadsOnlyItsOwnClassesAndTheBeanInterface() throws Exception {
        Run run = cli(List.of("-verbose:class"), "status", pid(guarded));

        assertEquals(0, run.exit(), run::toString);
        List<String> loaded = run.stdout().stream().filter(l -> l.startsWith("[") && l.contains(" dev.tokenguard."))
                .map(l -> l.replaceAll(".* (dev\\.tokenguard\\.\\S+) .*", "$1"))
                .filter(c -> !c.startsWith("dev.tokenguard.agent.cli.") && !c.startsWith("dev.tokenguard.core.jmx."))
                .toList();
        assertEquals(List.of(), loaded);
    }

    @Test
    void anUnknownCarrierExitsWith5AndNamesTheKnownOnes() throws Exception {
        Run run = cli("trip", "--carrier", "dhl", pid(guarded));

        assertEquals(5, run.exit(), run::toString);
        assertEquals(List.of("tokenguard: PID " + pid(guarded) + " has no carrier 'dhl'; its carriers: fedex, ups"),
                run.stderr());
        assertTrue(run.stdout().isEmpty(), run::toString);
    }

    @Test
    void aJvmWithoutTheAgentExitsWith4() throws Exception {
        Run run = cli("status", pid(unguarded));

        assertEquals(4, run.exit(), run::toString);
        assertEquals(1, run.stderr().size(), run::toString);
        assertTrue(run.stderr().get(0).startsWith("tokenguard: PID " + pid(unguarded) + " runs no tokenguard agent"),
                run.stderr().get(0));
    }

    @Test
    void aPidWithNoProcessExitsWith3() throws Exception {
        Process gone = new ProcessBuilder("true").start();
        gone.waitFor(10, TimeUnit.SECONDS);

        Run run = cli("status", String.valueOf(gone.pid()));

        assertEquals(3, run.exit(), run::toString);
        assertEquals(List.of("tokenguard: no process with PID " + gone.pid()), run.stderr());
    }

    /** On Linux the Attach API signals its target with SIGQUIT, which would kill a process that is not a JVM. */
    @Test
    void aProcessThatIsNotAJvmExitsWith3AndIsLeftAlone() throws Exception {
        Process sleeper = new ProcessBuilder("sleep", "60").start();
        try {
            Run run = cli("status", String.valueOf(sleeper.pid()));

            assertEquals(3, run.exit(), run::toString);
            assertEquals(List.of("tokenguard: process " + sleeper.pid()
                    + " is not a JVM this user can attach to (run as the user that started it)"), run.stderr());
            assertTrue(sleeper.isAlive(), "not signalled");
        } finally {
            sleeper.destroy();
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "stop 1", "status not-a-pid", "reset --reason why 1", "status --carrier",
            "mode shadow 1", "invalidate --json 1"})
    void aWrongCommandLineExitsWith2AndOneLineWithTheUsage(String line) throws Exception {
        Run run = cli(line.isEmpty() ? new String[0] : line.split(" "));

        assertEquals(2, run.exit(), run::toString);
        assertEquals(1, run.stderr().size(), run::toString);
        assertTrue(run.stderr().get(0).startsWith("tokenguard: "), run.stderr().get(0));
        assertTrue(run.stderr().get(0).endsWith("usage: java -jar tokenguard-agent.jar attach --config FILE [--trip] PID"
                + " | status [--carrier ID] [--json] PID | trip|reset [--carrier ID] [--reason TEXT] PID"
                + " | invalidate [--carrier ID] PID | mode enforce|observe PID"
                + " | policies PID | reload PID | block --carrier ID [--method M] [--path GLOB]"
                + " [--header NAME=VALUE] [--for DURATION] --reason TEXT PID | unblock ID PID"), run.stderr().get(0));
    }

    private JsonNode fedexTokenCall() throws IOException {
        return guarded.send(Map.of("op", "call", "client", "urlconnection", "method", "POST",
                "url", sim.baseUrl() + "/oauth/token", "contentType", FORM,
                "body", "grant_type=client_credentials&client_id=" + SimulatorSettings.FEDEX_DEMO_CLIENT
                        + "&client_secret=" + SimulatorSettings.FEDEX_DEMO_SECRET)).path("replies").get(0);
    }

    private JsonNode fedexApiCall() throws IOException {
        return guarded.send(Map.of("op", "call", "client", "urlconnection", "method", "POST",
                "url", sim.baseUrl() + "/rate/v1/rates/quotes", "contentType", "application/json",
                "headers", Map.of("Authorization", "Bearer " + fedexToken), "body", "{}")).path("replies").get(0);
    }

    private static List<String> iterable(java.util.Iterator<String> names) {
        List<String> list = new java.util.ArrayList<>();
        names.forEachRemaining(list::add);
        return list;
    }

    private static String pid(ForkedApp app) {
        return String.valueOf(app.pid());
    }

    private static Run cli(String... args) throws Exception {
        return AgentCli.run(args);
    }

    private static Run cli(List<String> jvmArgs, String... args) throws Exception {
        return AgentCli.run(jvmArgs, args);
    }
}
