package dev.tokenguard.core.guard;

import static dev.tokenguard.core.testing.Requests.accessToken;
import static dev.tokenguard.core.testing.Requests.answer;
import static dev.tokenguard.core.testing.Requests.fedexApi;
import static dev.tokenguard.core.testing.Requests.fedexToken;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import dev.tokenguard.core.config.RateBand;
import dev.tokenguard.core.http.SyntheticResponse;
import dev.tokenguard.core.testing.Harness;
import dev.tokenguard.core.testing.TestCarriers;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Issue 11, item 5: a reload puts a carrier's limits in force without a restart. */
class CarrierReloadTest {

    private static List<String> reload(Harness h, TestCarriers carrier) {
        return h.guard.reload(Harness.config(List.of(), carrier.build()));
    }

    @Test
    void aReloadedTokenRateGovernsTheNextTokenCallAndCountsTheCallsAlreadyMade() {
        try (Harness h = new Harness(3600, TestCarriers.fedex().tokenRate(new RateBand(1, Duration.ofSeconds(10)))
                .tokenWait(Duration.ZERO).build())) {
            accessToken(h.decide(fedexToken("tenant-a", "secret")));

            List<String> changes = reload(h, TestCarriers.fedex().tokenRate(new RateBand(2, Duration.ofSeconds(10)))
                    .tokenWait(Duration.ZERO));

            assertEquals(List.of("carrier fedex: token-rate changed: in force now"), changes);
            assertEquals(503, answer(h.decide(fedexToken("tenant-b", "secret"))).status(),
                    "the call made before the reload still counts: no fresh burst");
            h.clock.advance(Duration.ofSeconds(5));
            accessToken(h.decide(fedexToken("tenant-b", "secret")));
            assertEquals(2, h.carrier.calls(), "2/10s refills in 5 s what 1/10s would in 10");
        }
    }

    @Test
    void aReloadedRefusalStatusAndRetryAfterDefaultShapeTheNextRefusal() {
        try (Harness h = new Harness(3600, TestCarriers.fedex().build())) {
            h.control("fedex").tripKillSwitch("by hand");
            assertEquals(503, answer(h.decide(fedexApi(null))).status());

            List<String> changes = reload(h, TestCarriers.fedex().refusalStatus(429).defaultRetryAfter(Duration.ofSeconds(7)));

            assertEquals(List.of("carrier fedex: refusal-status, retry-after-default changed: in force now"), changes);
            SyntheticResponse refusal = answer(h.decide(fedexApi(null)));
            assertEquals(429, refusal.status());
            assertEquals("7", refusal.headers().first("Retry-After"));
        }
    }

    @Test
    void settingsThatNameTheCarrierTakeARestartAndNoLineQuotesAValue() {
        try (Harness h = new Harness(3600, TestCarriers.fedex().credentials("id", "old-secret").build())) {
            List<String> changes = reload(h, TestCarriers.fedex().credentials("id", "new-secret")
                    .tokenWait(Duration.ofSeconds(9)));

            assertEquals(List.of("carrier fedex: token-wait changed: in force now",
                    "carrier fedex: client-secret changed: take effect after a restart"), changes);
            assertFalse(changes.toString().contains("secret\""));
            assertFalse(changes.toString().contains("new-secret"));
        }
    }

    @Test
    void aCarrierStartedWithoutTokenRateKeepsItsUnlimitedLimiterUntilARestart() {
        try (Harness h = new Harness(3600, TestCarriers.fedex().tokenRate().build())) {
            List<String> changes = reload(h, TestCarriers.fedex().tokenRate(new RateBand(1, Duration.ofSeconds(10))));

            assertEquals(List.of("carrier fedex: token-rate changed: take effect after a restart"), changes);
            accessToken(h.decide(fedexToken("tenant-a", "secret")));
            accessToken(h.decide(fedexToken("tenant-b", "secret")));
        }
    }

    @Test
    void aSecondReloadOfTheSameFileChangesNothing() {
        try (Harness h = new Harness(3600, TestCarriers.fedex().build())) {
            reload(h, TestCarriers.fedex().tokenWait(Duration.ofSeconds(9)));

            assertEquals(List.of(), reload(h, TestCarriers.fedex().tokenWait(Duration.ofSeconds(9))));
        }
    }
}
