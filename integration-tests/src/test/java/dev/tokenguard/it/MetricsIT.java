package dev.tokenguard.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tokenguard.core.events.RefusalReason;
import dev.tokenguard.core.jmx.CarrierMBean;
import dev.tokenguard.core.testing.PrometheusScrape;
import dev.tokenguard.demo.carrier.Carrier;
import dev.tokenguard.demo.carrier.CarrierSimulator;
import dev.tokenguard.demo.carrier.SimulatorSettings;
import dev.tokenguard.it.support.FedexAgentConfig;
import dev.tokenguard.it.support.ForkedApp;
import dev.tokenguard.it.support.JmxExporterRules;
import dev.tokenguard.it.support.MetricsScraper;
import dev.tokenguard.it.support.MetricsScraper.Scrape;
import dev.tokenguard.it.support.RemoteJmx;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Issue 12: the agent's Prometheus endpoint ({@code tokenguard.metrics.port}) in a forked application
 * against the FedEx simulator, scraped from outside with curl; the dashboard and the JMX exporter rules
 * under {@code docs/}, checked against what that endpoint serves. One JVM for the suite; each test
 * reads what it changed as a difference, or sets back what it changed.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class MetricsIT {
    private static final Duration WITHIN = Duration.ofSeconds(30);
    private static final String FORM = "application/x-www-form-urlencoded";
    private static final Path DOCS = Path.of(System.getProperty("tokenguard.docs", "../docs"));
    private static final Map<String, String> FEDEX = Map.of("carrier", "fedex");

    private CarrierSimulator sim;
    private RemoteJmx jmx;
    private ForkedApp app;
    private MetricsScraper scraper;
    private CarrierMBean fedex;

    @BeforeAll
    void start() throws Exception {
        SimulatorSettings.Builder settings = SimulatorSettings.builder();
        for (int i = 0; i < 5; i++) {
            settings.client(Carrier.FEDEX, "client-" + i, "secret-" + i);
        }
        sim = CarrierSimulator.start(settings.build());
        jmx = new RemoteJmx();
        int port;
        try (ServerSocket free = new ServerSocket(0)) {
            port = free.getLocalPort();
        }
        ForkedApp.Builder builder = ForkedApp.builder().agentConfig(FedexAgentConfig.write(sim,
                "tokenguard.metrics.port=" + port, "tokenguard.metrics.host=127.0.0.1"));
        jmx.jvmArgs().forEach(builder::jvmArg);
        app = builder.start();
        scraper = new MetricsScraper("http://127.0.0.1:" + port + "/metrics");
        scraper.awaitUp(WITHIN);
        fedex = jmx.carrier("fedex", WITHIN);
    }

    @AfterAll
    void stop() throws IOException {
        if (app != null) {
            app.close();
        }
        if (jmx != null) {
            jmx.close();
        }
        if (sim != null) {
            sim.close();
        }
    }

    private PrometheusScrape scrape() throws Exception {
        Scrape scrape = scraper.get(null);
        assertEquals(200, scrape.status(), scrape::toString);
        return PrometheusScrape.parse(scrape.body());
    }

    private JsonNode tokenCall(int client) throws IOException {
        return app.send(Map.of("op", "call", "client", "urlconnection", "method", "POST",
                "url", sim.baseUrl() + "/oauth/token", "contentType", FORM,
                "body", "grant_type=client_credentials&client_id=client-" + client + "&client_secret=secret-" + client))
                .path("replies").get(0);
    }

    private static double value(PrometheusScrape scrape, String name, Map<String, String> labels) {
        return scrape.value(name, labels).orElseThrow(() -> new AssertionError("no " + name + labels + " in the scrape"));
    }

    @Test
    void aScrapeHasTypedHelpedFamiliesEachSampleNamingItsCarrier() throws Exception {
        Scrape raw = scraper.get(null);
        PrometheusScrape scrape = PrometheusScrape.parse(raw.body());

        assertTrue(raw.contentType().startsWith("text/plain; version=0.0.4"), raw.contentType());
        Map<String, String> expected = Map.of("tokenguard_token_calls_total", "counter",
                "tokenguard_renewals_suppressed_total", "counter", "tokenguard_refused_total", "counter",
                "tokenguard_kill_switch_tripped", "gauge", "tokenguard_token_expires_in_seconds", "gauge",
                "tokenguard_policy_matched_total", "counter", "tokenguard_policy_enabled", "gauge");
        expected.forEach((name, type) -> assertEquals(type, scrape.types.get(name), name + " in " + scrape.types));
        assertEquals(scrape.types.keySet(), scrape.helps.keySet(), "HELP for every family");
        assertTrue(scrape.samples.stream().allMatch(s -> s.labels().containsKey("carrier")), "every sample names its carrier");
        assertTrue(scrape.samples.stream().filter(s -> s.name().startsWith("tokenguard_policy_"))
                .allMatch(s -> s.labels().containsKey("policy")), "every policy sample names its policy");
        assertEquals(RefusalReason.values().length, scrape.samples("tokenguard_refused_total", FEDEX).size(),
                "every reason from zero");
        assertEquals(0.0, value(scrape, "tokenguard_policy_enabled",
                Map.of("policy", "fedex-api", "carrier", "fedex", "mode", "enforce")), "switched off in the test's config");
    }

    @Test
    void tokenCallsAndSuppressedRenewalsCountWhatTheApplicationDid() throws Exception {
        PrometheusScrape before = scrape();

        for (int i = 0; i < 3; i++) {
            assertEquals(200, tokenCall(1).path("status").asInt());
        }

        PrometheusScrape after = scrape();
        assertEquals(1.0, value(after, "tokenguard_token_calls_total", FEDEX) - value(before, "tokenguard_token_calls_total", FEDEX),
                "one real token call");
        assertEquals(2.0, value(after, "tokenguard_renewals_suppressed_total", FEDEX)
                - value(before, "tokenguard_renewals_suppressed_total", FEDEX), "two answered from the cache");
        assertEquals(sim.stats().of(Carrier.FEDEX).tokenCalls(), (long) value(after, "tokenguard_token_calls_total", FEDEX),
                "the carrier saw every token call the endpoint counts");
        // The token that goes on requests carrying none: with several credentials in use (the suite's
        // tests use one each), none is guessed, and both the gauge and JMX say -1.
        double left = value(after, "tokenguard_token_expires_in_seconds", FEDEX);
        assertTrue(left == -1 || left > 0 && left <= 3600, "seconds left: " + left);
        assertTrue(Math.abs(left - fedex.getTokenExpiresInSeconds()) <= 1, left + " s, JMX " + fedex.getTokenExpiresInSeconds());
    }

    @Test
    void theKillSwitchGaugeFlipsToOneWhenTrippedOverJmxAndRefusalsAreCountedByReason() throws Exception {
        PrometheusScrape before = scrape();
        assertEquals(0.0, value(before, "tokenguard_kill_switch_tripped", Map.of("carrier", "fedex", "state", "OFF", "kind", "none")));
        double refusedBefore = value(before, "tokenguard_refused_total", Map.of("carrier", "fedex", "reason", "kill-switch"));
        try {
            fedex.tripKillSwitch("metrics suite stop");

            PrometheusScrape tripped = scrape();
            assertEquals(1.0, value(tripped, "tokenguard_kill_switch_tripped",
                    Map.of("carrier", "fedex", "state", "TRIPPED", "kind", "manual")), tripped.samples.toString());
            assertTrue(tripped.samples("tokenguard_kill_switch_tripped", FEDEX).size() == 1, "one series per carrier");

            assertEquals(503, tokenCall(2).path("status").asInt(), "the agent's refusal");
            assertEquals(refusedBefore + 1, value(scrape(), "tokenguard_refused_total",
                    Map.of("carrier", "fedex", "reason", "kill-switch")));
        } finally {
            fedex.resetKillSwitch();
        }
        assertEquals(0.0, value(scrape(), "tokenguard_kill_switch_tripped", Map.of("carrier", "fedex", "state", "OFF")));
    }

    @Test
    void theScrapeHoldsNoSecretAndNoToken() throws Exception {
        JsonNode reply = tokenCall(3);
        String token = new ObjectMapper().readTree(reply.path("body").asText()).path("access_token").asText();

        String body = scraper.get(null).body();

        assertFalse(token.isEmpty(), reply::toString);
        assertFalse(body.contains(token), "the token");
        assertFalse(body.contains("secret-3"), "the client secret");
        assertFalse(body.contains("metrics suite stop"), "a kill-switch's reason is free text, never a label");
    }

    @Test
    void openMetricsWhenAcceptAsksForIt() throws Exception {
        Scrape scrape = scraper.get(MetricsScraper.OPENMETRICS);

        assertEquals(200, scrape.status());
        assertTrue(scrape.contentType().startsWith("application/openmetrics-text; version=1.0.0"), scrape.contentType());
        assertTrue(scrape.body().endsWith("# EOF\n"), "OpenMetrics ends with # EOF");
        PrometheusScrape parsed = PrometheusScrape.parse(scrape.body());
        assertEquals("counter", parsed.types.get("tokenguard_token_calls"));
        assertTrue(parsed.value("tokenguard_token_calls_total", FEDEX).isPresent());
    }

    @Test
    void protobufWhenAcceptAsksForItFirstAsPrometheusWithNativeHistogramsDoes() throws Exception {
        Scrape scrape = scraper.get("application/vnd.google.protobuf;proto=io.prometheus.client.MetricFamily;"
                + "encoding=delimited;q=0.6,application/openmetrics-text;version=1.0.0;q=0.5,text/plain;version=0.0.4;q=0.3");

        assertEquals(200, scrape.status(), "the relocated protobuf writer is found: " + scrape);
        assertTrue(scrape.contentType().startsWith("application/vnd.google.protobuf"), scrape.contentType());
    }

    @Test
    void theDashboardsQueriesReferOnlyToNamesTheEndpointServes() throws Exception {
        Set<String> served = new HashSet<>();
        scrape().samples.forEach(s -> served.add(s.name()));
        JsonNode dashboard = new ObjectMapper().readTree(DOCS.resolve("grafana-dashboard.json").toFile());

        List<String> queries = new ArrayList<>();
        dashboard.findValues("expr").forEach(e -> queries.add(e.asText()));
        dashboard.path("templating").path("list").forEach(v -> {
            if (v.path("query").has("query")) {
                queries.add(v.path("query").path("query").asText());
            }
        });

        assertTrue(queries.size() >= 10, queries.toString());
        Set<String> used = new LinkedHashSet<>();
        for (String query : queries) {
            Set<String> names = metricNames(query);
            assertFalse(names.isEmpty(), "a query with no metric: " + query);
            assertTrue(served.containsAll(names), query + " names " + names + "; the endpoint serves " + served);
            used.addAll(names);
        }
        assertTrue(used.containsAll(List.of("tokenguard_token_calls_total", "tokenguard_renewals_suppressed_total",
                "tokenguard_refused_total", "tokenguard_kill_switch_tripped", "tokenguard_token_expires_in_seconds")), used.toString());
    }

    /** PromQL words that are no metric: aggregations and functions (followed by "("), and keywords. */
    private static final Set<String> PROMQL_WORDS = Set.of("by", "without", "on", "ignoring", "group_left",
            "group_right", "and", "or", "unless", "offset", "bool");
    private static final Pattern IDENTIFIER = Pattern.compile("[a-zA-Z_:][a-zA-Z0-9_:]*");

    /**
     * The metric names in a query: identifiers left once strings, label matchers, ranges, grouping
     * clauses and dashboard variables are taken out, that are neither called as functions nor keywords.
     */
    private static Set<String> metricNames(String query) {
        String bare = query.replaceAll("label_values\\(([^,)]+),\\s*\\w+\\)", "label_values($1)")
                .replaceAll("\"[^\"]*\"", "\"\"")
                .replaceAll("\\{[^}]*}", "")
                .replaceAll("\\[[^]]*]", "")
                .replaceAll("\\b(by|without|on|ignoring)\\s*\\([^)]*\\)", "")
                .replaceAll("\\$\\w+", "");
        Set<String> names = new LinkedHashSet<>();
        Matcher m = IDENTIFIER.matcher(bare);
        while (m.find()) {
            String word = m.group();
            boolean called = bare.substring(m.end()).stripLeading().startsWith("(");
            boolean partOfNumber = m.start() > 0 && Character.isDigit(bare.charAt(m.start() - 1));
            if (!called && !partOfNumber && !PROMQL_WORDS.contains(word)) {
                names.add(word);
            }
        }
        return names;
    }

    @Test
    void theJmxExporterRulesTurnTheRealBeansIntoTheEndpointsFamilies() throws Exception {
        JmxExporterRules rules = JmxExporterRules.load(DOCS.resolve("prometheus-jmx-exporter.yaml"));

        List<JmxExporterRules.Sample> fromJmx = rules.apply(jmx.connection());
        PrometheusScrape endpoint = scrape();

        Set<Integer> used = new HashSet<>();
        for (JmxExporterRules.Sample sample : fromJmx) {
            used.add(sample.rule());
            String type = sample.type().toLowerCase(java.util.Locale.ROOT);
            assertEquals(type, endpoint.types.get(sample.name()), sample + ": the endpoint's type of the same name");
            Set<String> endpointLabels = endpoint.samples(sample.name(), Map.of()).get(0).labels().keySet();
            assertTrue(endpointLabels.containsAll(sample.labels().keySet()), sample + " has labels the endpoint has not: "
                    + endpointLabels);
            assertTrue(rules.rules.get(sample.rule()).help() != null, sample + ": HELP");
        }
        List<Integer> unmatched = new ArrayList<>();
        for (int i = 0; i < rules.rules.size(); i++) {
            if (!used.contains(i)) {
                unmatched.add(i);
            }
        }
        assertEquals(List.of(trippedRule(rules)), unmatched, "every rule matches a bean but the tripped kill-switch's,"
                + " which the next test trips");
        assertEquals(value(endpoint, "tokenguard_token_calls_total", FEDEX), jmxValue(fromJmx, "tokenguard_token_calls_total", FEDEX));
        assertEquals(0.0, jmxValue(fromJmx, "tokenguard_kill_switch_tripped", Map.of("carrier", "fedex", "state", "OFF")));
        assertEquals(0.0, jmxValue(fromJmx, "tokenguard_policy_enabled", Map.of("policy", "fedex-api")));
    }

    @Test
    void theJmxExporterRulesGiveTheTrippedKillSwitchAsTheEndpointDoes() throws Exception {
        JmxExporterRules rules = JmxExporterRules.load(DOCS.resolve("prometheus-jmx-exporter.yaml"));
        try {
            fedex.tripKillSwitch("rules check");

            List<JmxExporterRules.Sample> samples = rules.apply(jmx.connection());

            assertEquals(1.0, jmxValue(samples, "tokenguard_kill_switch_tripped", Map.of("carrier", "fedex", "state", "TRIPPED")));
            assertTrue(samples.stream().anyMatch(s -> s.rule() == trippedRule(rules)));
        } finally {
            fedex.resetKillSwitch();
        }
    }

    /** The rule that reads a tripped (or probing) kill-switch: its state label is the pattern's. */
    private static int trippedRule(JmxExporterRules rules) {
        for (int i = 0; i < rules.rules.size(); i++) {
            if ("$2".equals(rules.rules.get(i).labels().get("state"))) {
                return i;
            }
        }
        throw new AssertionError("no rule for a tripped kill-switch");
    }

    private static double jmxValue(List<JmxExporterRules.Sample> samples, String name, Map<String, String> labels) {
        List<JmxExporterRules.Sample> found = samples.stream()
                .filter(s -> s.name().equals(name) && s.labels().entrySet().containsAll(labels.entrySet())).toList();
        assertEquals(1, found.size(), name + labels + " in " + samples);
        return found.get(0).value();
    }
}
