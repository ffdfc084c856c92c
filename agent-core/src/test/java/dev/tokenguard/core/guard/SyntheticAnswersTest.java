package dev.tokenguard.core.guard;

import static dev.tokenguard.core.testing.Requests.accessToken;
import static dev.tokenguard.core.testing.Requests.answer;
import static dev.tokenguard.core.testing.Requests.fedexToken;
import static dev.tokenguard.core.testing.Requests.json;
import static dev.tokenguard.core.testing.Requests.upsToken;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tokenguard.core.http.Decision;
import dev.tokenguard.core.http.OutboundRequest;
import dev.tokenguard.core.http.SyntheticResponse;
import dev.tokenguard.core.testing.FakeCarrier;
import dev.tokenguard.core.testing.Harness;
import dev.tokenguard.core.testing.TestCarriers;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Rule 7: every answer has the carrier's shape or says plainly why it is a refusal. */
class SyntheticAnswersTest {

    private static void assertNoStore(SyntheticResponse r) {
        assertEquals("no-store", r.headers().first("Cache-Control"));
        assertEquals("no-cache", r.headers().first("Pragma"));
    }

    @Test
    void aFedexAnswerFromTheCacheKeepsFedexShapeWithANumericExpiresIn() {
        try (Harness h = new Harness(3599, TestCarriers.fedex().build())) {
            h.decide(fedexToken("id", "secret"));
            h.clock.advance(Duration.ofSeconds(1000));
            SyntheticResponse r = answer(h.decide(fedexToken("id", "secret")));

            assertEquals(200, r.status());
            assertEquals("application/json", r.headers().first("Content-Type"));
            assertNoStore(r);
            JsonNode body = json(r);
            assertEquals(h.carrier.token(1), body.get("access_token").asText());
            assertTrue(body.get("expires_in").isNumber());
            assertEquals(2599, body.get("expires_in").asLong());
            assertEquals("bearer", body.get("token_type").asText());
            assertEquals("CXS", body.get("scope").asText());
        }
    }

    @Test
    void aUpsAnswerFromTheCacheKeepsItsStringExpiresInAndIssuedAt() {
        try (Harness h = new Harness(FakeCarrier.Shape.UPS, 14399, () -> 0L, TestCarriers.ups().build())) {
            String issuedAt = json(h.decide(upsToken("id", "secret", "123456"))).get("issued_at").asText();
            h.clock.advance(Duration.ofMinutes(60));
            JsonNode body = json(h.decide(upsToken("id", "secret", "123456")));

            assertTrue(body.get("expires_in").isTextual());
            assertEquals("10799", body.get("expires_in").asText());
            assertEquals(issuedAt, body.get("issued_at").asText(), "as issued");
            assertEquals("approved", body.get("status").asText());
            assertEquals("0", body.get("refresh_count").asText());
            assertEquals(h.carrier.token(1), body.get("access_token").asText());
        }
    }

    @Test
    void theAnswerToTheRealCallHasTheSameShapeAndNoStore() {
        try (Harness h = new Harness(3599, TestCarriers.fedex().build())) {
            Decision.Answer a = (Decision.Answer) h.decide(fedexToken("id", "secret"));
            assertNull(a.response().headers().first("X-Tokenguard"), "a token answer, not a refusal");
            assertNoStore(a.response());
            assertEquals(3599, json(a.response()).get("expires_in").asLong());
        }
    }

    @Test
    void aRefusalHasTheRefusalStatusRetryAfterAndSaysWhy() {
        try (Harness h = new Harness(3599, TestCarriers.fedex().build())) {
            h.control("fedex").tripKillSwitch("carrier outage");
            Decision.Answer a = (Decision.Answer) h.decide(fedexToken("id", "secret"));

            assertNotNull(a.response().headers().first("X-Tokenguard"), "a refusal says why");
            SyntheticResponse r = a.response();
            assertEquals(503, r.status());
            assertEquals("Service Unavailable", r.reason());
            assertEquals("60", r.headers().first("Retry-After"));
            assertEquals("kill-switch of fedex tripped: carrier outage", r.headers().first("X-Tokenguard"));
            assertNoStore(r);
            JsonNode body = json(r);
            assertEquals("temporarily_unavailable", body.get("error").asText());
            assertEquals("tokenguard: kill-switch of fedex tripped: carrier outage", body.get("error_description").asText());
            assertEquals(60, body.get("retry_after").asLong());
        }
    }

    @Test
    void aTokenRequestWhoseBodyTheAdapterCouldNotReadIsRefusedAndNothingIsSent() {
        try (Harness h = new Harness(FakeCarrier.Shape.UPS, 14399, () -> 0L, TestCarriers.ups().build())) {
            OutboundRequest readable = upsToken("id", "secret", "123456");
            OutboundRequest unreadable = new OutboundRequest("POST", readable.uri(), readable.headers(), null);

            Decision.Answer a = (Decision.Answer) h.decide(unreadable);

            assertNotNull(a.response().headers().first("X-Tokenguard"), "a refusal says why");
            assertTrue(a.response().headers().first("X-Tokenguard").contains("could not read the body"));
            assertEquals(0, h.carrier.calls(), "a token call without its body would be a different call");
        }
    }

    @Test
    void aMalformedTokenAnswerIsPassedOnNeverCachedAndBacksOff() {
        try (Harness h = new Harness(3599, TestCarriers.fedex().build())) {
            h.carrier.thenStatus(200, "<html>maintenance</html>").thenStatus(200, "{\"access_token\":\"x\"}");
            SyntheticResponse first = answer(h.decide(fedexToken("id", "secret")));
            assertEquals(200, first.status());
            assertEquals("<html>maintenance</html>", first.bodyText());
            assertNoStore(first);

            h.clock.advance(Duration.ofSeconds(2));
            assertEquals("{\"access_token\":\"x\"}", answer(h.decide(fedexToken("id", "secret"))).bodyText(), "no expires_in");
            h.clock.advance(Duration.ofSeconds(4));
            assertEquals(h.carrier.token(1), accessToken(h.decide(fedexToken("id", "secret"))));
            assertEquals(3, h.carrier.calls());
            assertEquals(2, h.control("fedex").stats().failedRenewals());
        }
    }
}
