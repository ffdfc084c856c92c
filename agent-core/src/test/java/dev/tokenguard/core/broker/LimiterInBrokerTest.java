package dev.tokenguard.core.broker;

import static dev.tokenguard.core.testing.Requests.accessToken;
import static dev.tokenguard.core.testing.Requests.answer;
import static dev.tokenguard.core.testing.Requests.fedexToken;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.tokenguard.core.config.RateBand;
import dev.tokenguard.core.http.SyntheticResponse;
import dev.tokenguard.core.testing.FakeCarrier;
import dev.tokenguard.core.testing.Harness;
import dev.tokenguard.core.testing.TestCarriers;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Rule 5: real token calls of a quota group go through its limiter; a refusal is never a call. */
class LimiterInBrokerTest {

    @Test
    void aCallerRefusedByTheLimiterGetsAClearRefusalAndNoCall() {
        try (Harness h = new Harness(3600, TestCarriers.fedex()
                .tokenRate(new RateBand(1, Duration.ofSeconds(10))).build())) {
            accessToken(h.decide(fedexToken("tenant-a", "secret")));

            SyntheticResponse refusal = answer(h.decide(fedexToken("tenant-b", "secret")));
            assertEquals(503, refusal.status());
            assertEquals("renewal suppressed: token-call rate limit of fedex reached", refusal.headers().first("X-Tokenguard"));
            assertEquals("10", refusal.headers().first("Retry-After"));
            assertEquals(1, h.carrier.calls());
            assertEquals(1, h.control("fedex").stats().rateLimitedRenewals());
            assertEquals(1, h.control("fedex").stats().refused());
        }
    }

    @Test
    void aCallerWaitsForAPermitWithinTokenWait() {
        try (Harness h = new Harness(3600, TestCarriers.fedex().build())) {
            h.decide(fedexToken("tenant-a", "secret"));
            assertEquals(h.carrier.token(2), accessToken(h.decide(fedexToken("tenant-b", "secret"))));
            assertEquals(Duration.ofSeconds(1), h.carrier.last().elapsedAt(), "1/1s: waited a second for the permit");
        }
    }

    @Test
    void aSlowFirstCallKeepsTheBandsSpacingFromWhenItLeft() {
        try (Harness h = new Harness(3600, TestCarriers.fedex().tokenRate(new RateBand(1, Duration.ofSeconds(1)))
                .tokenWait(Duration.ofSeconds(5)).build())) {
            h.carrier.nextStartsUpFor(Duration.ofMillis(1300));
            accessToken(h.decide(fedexToken("tenant-a", "secret")));
            accessToken(h.decide(fedexToken("tenant-b", "secret")));

            assertEquals(List.of(Duration.ofMillis(1300), Duration.ofMillis(2300)),
                    h.carrier.recorded().stream().map(FakeCarrier.Call::elapsedAt).toList(), "1/1s from when each left");
        }
    }

    @Test
    void carriersOfOneQuotaGroupShareOneLimiter() {
        try (Harness h = new Harness(3600,
                TestCarriers.fedex().tokenRate(new RateBand(1, Duration.ofMinutes(1))).quotaGroup("office-ip").build(),
                TestCarriers.ups().tokenRate(new RateBand(1, Duration.ofMinutes(1))).quotaGroup("office-ip").build())) {
            h.decide(fedexToken("id", "secret"));
            SyntheticResponse refusal = answer(h.decide(dev.tokenguard.core.testing.Requests.upsToken("id", "secret", null)));
            assertEquals("renewal suppressed: token-call rate limit of ups reached", refusal.headers().first("X-Tokenguard"));
            assertEquals(1, h.carrier.calls());
        }
    }

    @Test
    void aStormOfTenantsKeepsToTheBand() {
        try (Harness h = new Harness(3600, TestCarriers.fedex().tokenWait(Duration.ZERO).build())) {
            for (int tenant = 0; tenant < 500; tenant++) {
                h.decide(fedexToken("tenant-" + tenant, "secret"));
                h.clock.advanceMillis(100);
            }
            // The 30/2m band admits at most 30 + 30 * 50 s / 120 s = 42.5 calls in 50 s; 1/1s would allow 50.
            assertEquals(42, h.carrier.calls());
            assertEquals(500 - 42, h.control("fedex").stats().rateLimitedRenewals());
        }
    }
}
