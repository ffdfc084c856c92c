package dev.tokenguard.core.guard;

import static dev.tokenguard.core.testing.Requests.answer;
import static dev.tokenguard.core.testing.Requests.json;
import static dev.tokenguard.core.testing.TestPolicies.policy;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tokenguard.core.config.CarrierConfig;
import dev.tokenguard.core.config.Preset;
import dev.tokenguard.core.events.RefusalReason;
import dev.tokenguard.core.http.SyntheticResponse;
import dev.tokenguard.core.policy.BlockSpec;
import dev.tokenguard.core.testing.Harness;
import dev.tokenguard.core.testing.Requests;
import dev.tokenguard.core.testing.TestCarriers;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What the application reads when a policy refuses: the carrier's status, fields and error JSON. */
class PolicyRefusalsTest {

    private static SyntheticResponse secondCall(Harness h, String url) {
        h.decide(Requests.api(url, null));
        return answer(h.decide(Requests.api(url, null)));
    }

    @Test
    void fedexGets429WithRetryAfterRateLimitFieldsAndFedexErrors() {
        try (Harness h = new Harness(List.of(policy("fedex-api").requests(1, Duration.ofSeconds(10)).maxWait(Duration.ZERO).build()),
                TestCarriers.fedex().build())) {
            SyntheticResponse r = secondCall(h, "https://apis.fedex.com/track/v1/trackingnumbers");

            assertEquals(429, r.status());
            assertEquals("10", r.headers().first("Retry-After"));
            assertEquals("\"fedex-api\";q=1;w=10", r.headers().first("RateLimit-Policy"));
            assertEquals("\"fedex-api\";r=0;t=10", r.headers().first("RateLimit"));
            assertEquals("policy fedex-api: over requests=1/10s; room in 10 s, beyond max-wait 0s",
                    r.headers().first("X-Tokenguard"));
            JsonNode body = json(r);
            assertTrue(body.get("transactionId").asText().length() > 8);
            assertEquals("TOO.MANY.REQUESTS.ERROR", body.at("/errors/0/code").asText());
            assertEquals("tokenguard: " + r.headers().first("X-Tokenguard"), body.at("/errors/0/message").asText());
            assertEquals(1, h.control("fedex").stats().refused(RefusalReason.POLICY_LIMIT));
        }
    }

    @Test
    void fedexGets403ForABlock() {
        try (Harness h = new Harness(List.of(), TestCarriers.fedex().build())) {
            String id = h.guard.blocks().block(new BlockSpec("fedex", null, "/ship/**", null, Duration.ofMinutes(5), "carrier incident"));
            SyntheticResponse r = answer(h.decide(Requests.api("https://apis.fedex.com/ship/v1/shipments", null)));

            assertEquals(403, r.status());
            assertEquals("300", r.headers().first("Retry-After"));
            assertEquals("block " + id + ": carrier incident", r.headers().first("X-Tokenguard"));
            assertEquals("FORBIDDEN.ERROR", json(r).at("/errors/0/code").asText());
            assertEquals(1, h.control("fedex").stats().refused(RefusalReason.POLICY_BLOCK));
        }
    }

    @Test
    void upsGetsItsThrottlingCodeInItsResponseErrors() {
        try (Harness h = new Harness(List.of(policy("ups-api").carrier("ups").requests(1, Duration.ofSeconds(1))
                .maxWait(Duration.ZERO).build()), TestCarriers.ups().build())) {
            SyntheticResponse r = secondCall(h, "https://onlinetools.ups.com/api/track/v1/details/1Z");

            assertEquals(429, r.status());
            JsonNode body = json(r);
            assertEquals("10429", body.at("/response/errors/0/code").asText());
            assertTrue(body.at("/response/errors/0/message").asText().startsWith("tokenguard: policy ups-api: over"));
        }
    }

    @Test
    void aGenericCarrierGetsAnOAuthStyleError() {
        CarrierConfig fedex = TestCarriers.fedex().build();
        CarrierConfig acme = new CarrierConfig("acme", Preset.GENERIC, fedex.apiHosts(), fedex.tokenUrl(), null, null,
                fedex.extraTokenParams(), fedex.clientAuth(), fedex.attach(), fedex.refreshAhead(), fedex.minInterval(),
                fedex.tokenRate(), fedex.tokenWait(), fedex.tokenTimeout(), fedex.banStatus(), fedex.banDuration(), false,
                null, fedex.refusalStatus(), fedex.defaultRetryAfter());
        try (Harness h = new Harness(List.of(policy("acme").carrier("acme").requests(1, Duration.ofSeconds(1))
                .maxWait(Duration.ZERO).build()), acme)) {
            SyntheticResponse r = secondCall(h, "https://apis.fedex.com/x");

            JsonNode body = json(r);
            assertEquals("rate_limited", body.get("error").asText());
            assertTrue(body.get("error_description").asText().startsWith("tokenguard: policy acme: over"));
            assertEquals(1, body.get("retry_after").asInt());
        }
    }
}
