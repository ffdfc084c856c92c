package dev.tokenguard.demo.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tokenguard.demo.carrier.ApiQuotaRules;
import dev.tokenguard.demo.carrier.ApiRate;
import dev.tokenguard.demo.carrier.Carrier;
import dev.tokenguard.demo.carrier.CarrierSimulator;
import dev.tokenguard.demo.carrier.SimulatorSettings;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * demo.sh's {@code --scenario api-burst} without the agent, in-process and briefly: users far over a
 * scaled-down quota, then the table read from the run's directory as demo.sh leaves it.
 */
class ApiBurstScenarioTest {
    /** 10 users calling every 10 ms want hundreds of calls a second; even a crawling machine makes 20. */
    private static final ApiRate QUOTA = new ApiRate(10, Duration.ofSeconds(1));
    private static final Pattern ROW = Pattern.compile("\\s+(.+?)\\s+(\\d+)");

    @TempDir
    Path run;

    @Test
    void withoutTheAgentTheCarrierSends429sAndTheTableAddsUp() throws Exception {
        SimulatorSettings settings = SimulatorSettings.builder()
                .apiQuotas(Carrier.FEDEX, ApiQuotaRules.NONE.withRate(QUOTA))
                .build();
        try (CarrierSimulator simulator = CarrierSimulator.start(settings)) {
            RunResult users = new LoadRun(ClientOptions.parse("--base-url", simulator.baseUrl(), "--users", "10",
                    "--seconds", "2", "--think", "10ms")).run();
            Files.writeString(run.resolve("stats.json"), get(simulator.baseUrl() + "/__sim/stats"));
            Files.writeString(run.resolve("client-1.out"), users.toResultLine() + "\n");
        }

        Map<String, Long> rows = rows(table("fedex", "10/1s", "without agent=" + run));

        assertTrue(rows.get("429s sent") > 0, rows::toString);
        assertTrue(rows.get("most calls in one window") > QUOTA.calls(), rows::toString);
        assertEquals(rows.get("API calls admitted"), rows.get("calls ok"), rows::toString);
        assertEquals(rows.get("429s sent"), rows.get("calls failed on a carrier 429"), rows::toString);
        assertEquals(0, rows.get("calls refused locally"), rows::toString);
        assertEquals(0, rows.get("calls failed otherwise"), rows::toString);
    }

    @Test
    void aFailedAgentRunIsAColumnThatSaysSo(@TempDir Path failed) throws Exception {
        Files.writeString(run.resolve("stats.json"), "{\"fedex\":{\"apiCallsByStatus\":{\"200\":5,\"429\":7},"
                + "\"apiQuota\":{\"admitted\":5,\"peakCallsPerWindow\":12}}}");
        Files.writeString(run.resolve("client-1.out"),
                new RunResult(5, Map.of("2", 4L, "80", 1L), Map.of("throttled", 7L), Map.of("200", 1L),
                        Map.of("200", 5L, "429", 7L)).toResultLine());
        Files.writeString(failed.resolve("FAILED"), "unknown key");

        String table = table("fedex", "10/1s", "without agent=" + run, "with tokenguard=" + failed);

        assertTrue(table.lines().anyMatch(line -> line.matches("\\s+429s sent\\s+7\\s+\\(agent run failed\\)")), table);
        assertTrue(table.lines().anyMatch(line -> line.matches("\\s+of which waited\\s+1\\s+\\(agent run failed\\)")),
                table);
    }

    @Test
    void callsOfEveryRunWaitedWhenServedOver50MsLaterThanTheMedianOfTheRunWithout(@TempDir Path with) throws Exception {
        String stats = "{\"fedex\":{\"apiCallsByStatus\":{\"200\":8},\"apiQuota\":{\"admitted\":8}}}";
        Files.writeString(run.resolve("stats.json"), stats);
        Files.writeString(run.resolve("client-1.out"),
                new RunResult(3, Map.of("20", 2L, "90", 1L), Map.of(), Map.of(), Map.of()).toResultLine());
        Files.writeString(with.resolve("stats.json"), stats);
        Files.writeString(with.resolve("client-1.out"),
                new RunResult(5, Map.of("60", 2L, "71", 3L), Map.of(), Map.of(), Map.of()).toResultLine());

        String table = table("fedex", "10/1s", "without agent=" + run, "with tokenguard=" + with);

        assertTrue(table.lines().anyMatch(line -> line.matches("\\s+of which waited\\s+1\\s+3")), table);
        assertTrue(table.contains("(20 ms)"), table);
    }

    private static String table(String... args) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ApiBurstTable.print(args, new PrintStream(out, true, StandardCharsets.UTF_8));
        return out.toString(StandardCharsets.UTF_8);
    }

    /** The table's rows with one column: name to figure. */
    private static Map<String, Long> rows(String table) {
        Map<String, Long> rows = new LinkedHashMap<>();
        table.lines().map(ROW::matcher).filter(Matcher::matches)
                .forEach(m -> rows.put(m.group(1), Long.parseLong(m.group(2))));
        return rows;
    }

    private static String get(String url) throws Exception {
        HttpResponse<String> response = HttpClient.newHttpClient()
                .send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, response.statusCode());
        return response.body();
    }
}
