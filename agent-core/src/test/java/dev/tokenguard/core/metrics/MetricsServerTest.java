package dev.tokenguard.core.metrics;

import static dev.tokenguard.core.testing.Requests.accessToken;
import static dev.tokenguard.core.testing.Requests.fedexApi;
import static dev.tokenguard.core.testing.Requests.fedexToken;
import static dev.tokenguard.core.testing.TestPolicies.policy;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tokenguard.core.config.MetricsEndpoint;
import dev.tokenguard.core.events.RefusalReason;
import dev.tokenguard.core.testing.Harness;
import dev.tokenguard.core.testing.PrometheusScrape;
import dev.tokenguard.core.testing.TestCarriers;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.event.Level;

/** The endpoint over a real guard, scraped over real HTTP as Prometheus does. */
class MetricsServerTest {
    private static final String SECRET = "s3cret-never-shown";
    private static final MetricsEndpoint ANY_FREE_PORT = new MetricsEndpoint("127.0.0.1", 0);

    private final HttpClient http = HttpClient.newHttpClient();
    private Harness h;
    private MetricsServer server;

    @BeforeEach
    void start() {
        h = new Harness(List.of(policy("fedex-cap").carrier("fedex").inFlight(1).maxWait(Duration.ZERO).build()),
                TestCarriers.fedex().unlimited().build(), TestCarriers.ups().unlimited().build());
        server = MetricsServer.start(ANY_FREE_PORT, h.guard::carriers, h.guard::policies, () -> h.log);
        assertNotNull(server, h.log.allText());
    }

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
        h.close();
    }

    private HttpResponse<String> get(String accept) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + "/metrics"));
        if (accept != null) {
            request.header("Accept", accept);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private PrometheusScrape scrape() throws Exception {
        HttpResponse<String> response = get(null);
        assertEquals(200, response.statusCode());
        return PrometheusScrape.parse(response.body());
    }

    @Test
    void countersAreTheCarriersLiveFiguresWithTotalAndTheirCarrier() throws Exception {
        for (int i = 0; i < 3; i++) {
            h.decide(fedexToken("id", SECRET));
        }

        PrometheusScrape scrape = scrape();

        assertEquals("counter", scrape.types.get("tokenguard_token_calls_total"));
        assertEquals(1.0, scrape.value("tokenguard_token_calls_total", Map.of("carrier", "fedex")).orElseThrow());
        assertEquals(2.0, scrape.value("tokenguard_renewals_suppressed_total", Map.of("carrier", "fedex")).orElseThrow());
        assertEquals(0.0, scrape.value("tokenguard_token_calls_total", Map.of("carrier", "ups")).orElseThrow());
        assertTrue(scrape.samples.stream().allMatch(s -> s.labels().containsKey("carrier")), "every sample names its carrier");
        assertTrue(scrape.helps.keySet().containsAll(scrape.types.keySet()), "every family has HELP");
    }

    @Test
    void aNewFigureShowsInTheNextScrape() throws Exception {
        h.decide(fedexToken("id", SECRET));
        assertEquals(0.0, scrape().value("tokenguard_renewals_suppressed_total", Map.of("carrier", "fedex")).orElseThrow());

        h.decide(fedexToken("id", SECRET));

        assertEquals(1.0, scrape().value("tokenguard_renewals_suppressed_total", Map.of("carrier", "fedex")).orElseThrow());
    }

    @Test
    void refusalsAreCountedByReasonEveryReasonFromZero() throws Exception {
        h.control("ups").tripKillSwitch("operator stop");
        h.decide(dev.tokenguard.core.testing.Requests.upsToken("id", SECRET, "m1"));

        PrometheusScrape scrape = scrape();

        assertEquals(1.0, scrape.value("tokenguard_refused_total", Map.of("carrier", "ups", "reason", "kill-switch")).orElseThrow());
        assertEquals(RefusalReason.values().length, scrape.samples("tokenguard_refused_total", Map.of("carrier", "fedex")).size());
    }

    @Test
    void killSwitchGaugeIsOneWhileTrippedWithItsStateAndKindButNotItsReason() throws Exception {
        assertEquals(0.0, scrape().value("tokenguard_kill_switch_tripped",
                Map.of("carrier", "ups", "state", "OFF", "kind", "none")).orElseThrow());

        h.control("ups").tripKillSwitch("operator stop for ticket 42");

        HttpResponse<String> response = get(null);
        PrometheusScrape scrape = PrometheusScrape.parse(response.body());
        assertEquals("gauge", scrape.types.get("tokenguard_kill_switch_tripped"));
        assertEquals(1.0, scrape.value("tokenguard_kill_switch_tripped",
                Map.of("carrier", "ups", "state", "TRIPPED", "kind", "manual")).orElseThrow());
        assertEquals(0.0, scrape.value("tokenguard_kill_switch_tripped", Map.of("carrier", "fedex", "state", "OFF")).orElseThrow());
        assertFalse(response.body().contains("ticket 42"), "the reason is free text: no label");
    }

    @Test
    void tokensSecondsLeftAndNeverTheTokenOrSecret() throws Exception {
        String token = accessToken(h.decide(fedexToken("id", SECRET)));

        HttpResponse<String> response = get(null);
        PrometheusScrape scrape = PrometheusScrape.parse(response.body());

        assertEquals(3600.0, scrape.value("tokenguard_token_expires_in_seconds", Map.of("carrier", "fedex")).orElseThrow());
        assertEquals(-1.0, scrape.value("tokenguard_token_expires_in_seconds", Map.of("carrier", "ups")).orElseThrow());
        assertFalse(response.body().contains(token));
        assertFalse(response.body().contains(SECRET));
    }

    @Test
    void policiesFiguresAreLabelledWithPolicyAndCarrier() throws Exception {
        h.decide(fedexApi(null)); // left in flight: it holds the policy's one place
        h.decide(fedexApi(null));

        PrometheusScrape scrape = scrape();

        Map<String, String> cap = Map.of("policy", "fedex-cap", "carrier", "fedex");
        assertEquals(2.0, scrape.value("tokenguard_policy_matched_total", cap).orElseThrow());
        assertEquals(1.0, scrape.value("tokenguard_policy_refused_total", cap).orElseThrow());
        assertEquals(1.0, scrape.value("tokenguard_policy_in_flight", cap).orElseThrow());
        assertEquals(1.0, scrape.value("tokenguard_policy_enabled", Map.of("policy", "fedex-cap", "mode", "enforce")).orElseThrow());
        assertEquals("gauge", scrape.types.get("tokenguard_policy_in_flight"));
    }

    @Test
    void openMetricsWhenTheScraperAsksForIt() throws Exception {
        HttpResponse<String> response = get("application/openmetrics-text; version=1.0.0; charset=utf-8");

        assertTrue(response.headers().firstValue("Content-Type").orElseThrow().startsWith("application/openmetrics-text"),
                response.headers().toString());
        assertTrue(response.body().endsWith("# EOF\n"), response.body());
        PrometheusScrape scrape = PrometheusScrape.parse(response.body());
        assertEquals("counter", scrape.types.get("tokenguard_token_calls"), "OpenMetrics types the family without _total");
        assertTrue(scrape.value("tokenguard_token_calls_total", Map.of("carrier", "fedex")).isPresent());
    }

    @Test
    void theTextFormatForAPlainScrape() throws Exception {
        HttpResponse<String> response = get(null);

        assertEquals("text/plain; version=0.0.4; charset=utf-8", response.headers().firstValue("Content-Type").orElseThrow());
        assertEquals("counter", PrometheusScrape.parse(response.body()).types.get("tokenguard_token_calls_total"),
                "the Prometheus text format types the family with _total");
    }

    @Test
    void aScraperThatAsksForProtobufFirstGetsIt() throws Exception {
        HttpResponse<String> response = get("application/vnd.google.protobuf;proto=io.prometheus.client.MetricFamily;"
                + "encoding=delimited;q=0.7,text/plain;version=0.0.4;q=0.3");

        assertEquals(200, response.statusCode());
        assertTrue(response.headers().firstValue("Content-Type").orElseThrow().startsWith("application/vnd.google.protobuf"),
                response.headers().toString());
    }

    @Test
    void aPortInUseIsOneErrorNamingKeyAndPortAndNoServer() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, java.net.InetAddress.getByName("127.0.0.1"))) {
            h.log.clear();

            MetricsServer second = MetricsServer.start(new MetricsEndpoint("127.0.0.1", taken.getLocalPort()),
                    h.guard::carriers, h.guard::policies, () -> h.log);

            assertNull(second);
            List<String> errors = h.log.messages(Level.ERROR);
            assertEquals(1, errors.size(), h.log.allText());
            assertTrue(errors.get(0).startsWith("tokenguard: tokenguard.metrics.port=" + taken.getLocalPort()
                    + ": could not serve metrics on 127.0.0.1:" + taken.getLocalPort()), errors.get(0));
            assertEquals(1, h.log.lines().size(), "no stack trace, nothing else: " + h.log.allText());
        }
    }
}
