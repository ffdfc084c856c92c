package dev.tokenguard.core.events;

import static dev.tokenguard.core.testing.Requests.accessToken;
import dev.tokenguard.core.http.RequestGuard;
import static dev.tokenguard.core.testing.Requests.answer;
import static dev.tokenguard.core.testing.Requests.fedexApi;
import static dev.tokenguard.core.testing.Requests.fedexToken;
import static dev.tokenguard.core.testing.Requests.upsToken;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tokenguard.core.config.RateBand;
import dev.tokenguard.core.http.Decision;
import dev.tokenguard.core.http.HttpHeaders;
import dev.tokenguard.core.http.OutboundRequest;
import dev.tokenguard.core.http.SyntheticResponse;
import dev.tokenguard.core.testing.CapturingLogger;
import dev.tokenguard.core.testing.FakeCarrier;
import dev.tokenguard.core.testing.Harness;
import dev.tokenguard.core.testing.TestCarriers;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.slf4j.event.Level;

/** Rule 8: every event counted per carrier; logs that stay quiet in a storm and show no secret. */
class EventsAndLogsTest {

    private static List<String> summaries(CapturingLogger log) {
        return log.messages(Level.INFO).stream().filter(m -> m.matches(".* renewals? suppressed, .* real, in the last .*")).collect(Collectors.toList());
    }

    @Test
    void aStormIsOneDebugLinePerSuppressedRenewalAndOneInfoSummaryPerTenSeconds() {
        try (Harness h = new Harness(3600, TestCarriers.fedex().build())) {
            h.decide(fedexToken("id", "secret"));
            for (int i = 0; i < 1203; i++) {
                h.decide(fedexToken("id", "secret"));
            }
            h.clock.setElapsed(Duration.ofSeconds(10));
            h.decide(fedexToken("id", "secret"));
            for (int step = 0; step < 1500; step++) {
                h.clock.advanceMillis(10);
                for (int i = 0; i < 10; i++) {
                    h.decide(fedexToken("id", "secret"));
                }
            }

            assertEquals(List.of("fedex: 1,204 renewals suppressed, 1 real, in the last 10 s",
                    "fedex: 9,991 renewals suppressed, 0 real, in the last 10 s"), summaries(h.log));
            assertEquals(16_204, h.log.messages(Level.DEBUG).stream().filter(m -> m.contains("renewal suppressed")).count());
            assertEquals(16_204, h.control("fedex").stats().suppressedRenewals());
        }
    }

    @Test
    void theLastSummaryIsWrittenOnClose() {
        Harness h = new Harness(3600, TestCarriers.fedex().build());
        h.decide(fedexToken("id", "secret"));
        h.decide(fedexToken("id", "secret"));
        h.clock.advance(Duration.ofSeconds(3));
        h.close();
        assertEquals(List.of("fedex: 1 renewal suppressed, 1 real, in the last 3 s"), summaries(h.log));
    }

    @Test
    void theSummaryCountsTheIntervalsRefusalsByReason() {
        try (Harness h = new Harness(3600, TestCarriers.fedex().build())) {
            h.decide(fedexToken("id", "secret"));
            h.control("fedex").tripKillSwitch("carrier maintenance");
            for (int i = 0; i < 3; i++) {
                h.decide(fedexApi(null));
            }
            h.decide(new OutboundRequest("POST", TestCarriers.FEDEX_TOKEN_URL,
                    fedexToken("id", "secret").headers(), null));
            h.clock.advance(Duration.ofSeconds(10));
            h.decide(fedexApi(null));

            assertEquals(List.of("fedex: 0 renewals suppressed, 1 real, in the last 10 s; 5 refused: 4 kill-switch,"
                    + " 1 unreadable-body"), h.log.messages(Level.INFO).stream().filter(m -> m.contains(" refused: ")).toList());
        }
    }

    @Test
    void limiterRefusalsAreWarningsThinnedToOnePerTenSeconds() {
        try (Harness h = new Harness(3600, TestCarriers.fedex().tokenWait(Duration.ZERO)
                .tokenRate(new RateBand(1, Duration.ofHours(1))).build())) {
            h.decide(fedexToken("tenant-0", "secret"));
            for (int i = 1; i <= 100; i++) {
                h.decide(fedexToken("tenant-" + i, "secret"));
            }
            h.clock.advance(Duration.ofSeconds(10));
            h.decide(fedexToken("tenant-101", "secret"));

            List<String> warnings = h.log.messages(Level.WARN);
            assertEquals(List.of("fedex: renewal suppressed: token-call rate limit of fedex reached",
                    "fedex: renewal suppressed: token-call rate limit of fedex reached (99 more since the last warning)"), warnings);
            assertEquals(101, h.control("fedex").stats().rateLimitedRenewals());
        }
    }

    @Test
    void bansAndKillSwitchChangesAreWarnings() {
        try (Harness h = new Harness(3600, TestCarriers.fedex().build())) {
            h.carrier.thenStatus(403, "{}");
            h.decide(fedexToken("id", "secret"));
            h.control("fedex").resetKillSwitch();

            assertEquals(List.of("fedex: renewal for credential " + credential(h) + " failed: the token endpoint answered 403; next renewal in 2000 ms at the earliest",
                    "fedex: ban detected: the token endpoint answered 403",
                    "fedex: kill-switch OFF -> TRIPPED: ban detected: token endpoint answered 403; probing in 600 s",
                    "fedex: kill-switch TRIPPED -> OFF: reset by hand"), h.log.messages(Level.WARN).stream()
                    .sorted((a, b) -> Integer.compare(order(a), order(b))).collect(Collectors.toList()));
            CarrierStats stats = h.control("fedex").stats();
            assertEquals(1, stats.bansDetected());
            assertEquals(2, stats.killSwitchChanges());
            assertEquals(1, stats.failedRenewals());
        }
    }

    private static int order(String warning) {
        return warning.contains("failed") ? 0 : warning.contains("ban detected: the") ? 1 : warning.contains("OFF ->") ? 2 : 3;
    }

    private static String credential(Harness h) {
        return h.log.messages(Level.WARN).stream().filter(m -> m.contains("credential "))
                .map(m -> m.substring(m.indexOf("credential ") + 11, m.indexOf("credential ") + 19)).findFirst().orElseThrow();
    }

    @Test
    void anInternalErrorIsLoggedOnceWithItsCauseAndAnsweredSafely() {
        try (Harness h = new Harness(3600, TestCarriers.fedex().build())) {
            h.carrier.thenThrow(new IllegalStateException("transport bug")).thenThrow(new IllegalStateException("transport bug"));
            SyntheticResponse first = answer(h.decide(fedexToken("id", "secret")));
            assertEquals(503, first.status());
            h.clock.advance(Duration.ofSeconds(5));
            answer(h.decide(fedexToken("id", "secret")));

            List<CapturingLogger.Line> errors = h.log.lines().stream().filter(l -> l.level() == Level.ERROR).collect(Collectors.toList());
            assertEquals(1, errors.size());
            assertEquals("transport bug", errors.get(0).error().getMessage());
            assertEquals(2, h.control("fedex").stats().internalErrors());
        }
    }

    @Test
    void everyEventIsCounted() {
        try (Harness h = new Harness(3600, TestCarriers.fedex().credentials("id", "secret").build())) {
            Decision.Proceed attached = assertInstanceOf(Decision.Proceed.class, h.decide(fedexApi(null)));
            h.decide(fedexToken("id", "secret"));
            h.clock.advance(Duration.ofMinutes(5));
            h.guard.onResponse(attached.exchange(), 401, HttpHeaders.EMPTY, RequestGuard.Replays.AFTER_RENEWAL);
            h.decide(fedexApi(h.carrier.token(1)));
            h.control("fedex").tripKillSwitch("test");
            h.decide(fedexApi(null));

            CarrierStats s = h.control("fedex").stats();
            assertEquals(2, s.realTokenCalls());
            assertEquals(1, s.suppressedRenewals());
            assertEquals(1, s.unauthorized());
            assertEquals(1, s.invalidations());
            assertEquals(1, s.replayed());
            assertEquals(1, s.upgraded());
            assertEquals(1, s.refused());
            assertEquals(1, s.killSwitchChanges());
        }
    }

    /** Runs every path that logs, with everything logged, and looks for any secret or token. */
    @Test
    void secretsAndTokensAppearNowhereButAsFingerprints() {
        String secret = "S3cr3t-Value-0123456789";
        String childSecret = "Child-S3cr3t-987";
        try (Harness h = new Harness(FakeCarrier.Shape.FEDEX, 60, () -> 0L, TestCarriers.fedex().build(),
                TestCarriers.ups().credentials("ups-id", secret).tokenRate(new RateBand(1, Duration.ofHours(1))).build())) {
            List<String> answers = new ArrayList<>();
            h.carrier.tokenLength(200);
            h.executor.direct(true);
            String token = accessToken(h.decide(fedexToken("id", secret, "child_Key=ck", "child_secret=" + childSecret)));
            h.decide(fedexToken("id", secret, "child_Key=ck", "child_secret=" + childSecret));
            Decision.Proceed p = assertInstanceOf(Decision.Proceed.class, h.decide(fedexApi(token)));
            h.guard.onResponse(p.exchange(), 401, HttpHeaders.EMPTY, RequestGuard.Replays.AFTER_RENEWAL);
            h.clock.advance(Duration.ofSeconds(5));
            h.decide(fedexApi(token));
            h.clock.advance(Duration.ofSeconds(55));
            h.decide(fedexToken("id", secret, "child_Key=ck", "child_secret=" + childSecret));
            // Unparseable JSON holding a token: Jackson would quote it in its exception message.
            String malformed = "{\"access_token\": " + h.carrier.token(9) + "}";
            h.carrier.thenStatus(200, malformed).thenFailure(new IOException(secret));
            assertEquals(malformed, answer(h.decide(fedexToken("other", secret))).bodyText(), "the carrier's answer, passed on");
            h.clock.advance(Duration.ofSeconds(5));
            answers.add(answer(h.decide(fedexToken("other", secret))).bodyText());
            answers.add(answer(h.decide(upsToken("ups-id", secret, "123456"))).headers().toMap().toString());
            answers.add(answer(h.decide(upsToken("ups-id-2", secret, "123456"))).bodyText());
            h.carrier.thenThrow(new IllegalStateException("bug"));
            h.clock.advance(Duration.ofSeconds(10));
            h.carrier.thenStatus(403, "{}");
            h.decide(fedexToken("third", secret));
            h.close();

            String basic = Base64.getEncoder().encodeToString(("ups-id:" + secret).getBytes(StandardCharsets.UTF_8));
            String everything = h.log.allText() + String.join("\n", answers) + h.guard.carriers() + h.control("ups").stats();
            for (String forbidden : List.of(secret, childSecret, basic, h.carrier.token(1), h.carrier.token(2), h.carrier.token(3),
                    h.carrier.token(9))) {
                assertFalse(everything.contains(forbidden), "leaked: " + forbidden);
            }
            assertTrue(h.log.lines().size() > 15, "the scenario did log");
            assertTrue(everything.contains(dev.tokenguard.core.broker.Fingerprints.of(token)), "fingerprints are shown");
        }
    }
}
