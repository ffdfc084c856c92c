package dev.tokenguard.core.broker;

import static dev.tokenguard.core.testing.Requests.accessToken;
import static dev.tokenguard.core.testing.Requests.fedexToken;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import dev.tokenguard.core.http.HttpHeaders;
import dev.tokenguard.core.http.OutboundRequest;
import dev.tokenguard.core.testing.Harness;
import dev.tokenguard.core.testing.TestCarriers;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.slf4j.event.Level;

/** Issue 9, defect 6: credential slots hold no per-request secrets, are bounded, and idle ones go. */
class CredentialSlotsTest {
    private static final long EXPIRES_IN = 3600;
    /** Past a token's expiry by more than the idle span, and past the sweep interval. */
    private static final Duration LONG_AFTER_EXPIRY = Duration.ofSeconds(EXPIRES_IN).plusMinutes(11);

    private static OutboundRequest refreshGrant(String refreshToken) {
        HttpHeaders headers = HttpHeaders.builder().add("Content-Type", "application/x-www-form-urlencoded").build();
        String body = "grant_type=refresh_token&client_id=id&client_secret=s&refresh_token=" + refreshToken;
        return new OutboundRequest("POST", TestCarriers.FEDEX_TOKEN_URL, headers, body.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void aRefreshTokenGrantIsMadeAsItIsEachTimeAndTakesNoSlot() {
        try (Harness h = new Harness(EXPIRES_IN, TestCarriers.fedex().unlimited().build())) {
            String first = accessToken(h.decide(refreshGrant("rt-1")));
            String second = accessToken(h.decide(refreshGrant("rt-2")));
            assertNotEquals(first, second, "each answered by the carrier, not from a cache");
            assertEquals(2, h.carrier.calls());
            assertEquals("grant_type=refresh_token&client_id=id&client_secret=s&refresh_token=rt-2", h.carrier.last().body());
            assertEquals(0, h.control("fedex").credentials());
        }
    }

    @Test
    void anIdleCredentialIsForgotten() {
        try (Harness h = new Harness(EXPIRES_IN, TestCarriers.fedex().unlimited().build())) {
            accessToken(h.decide(fedexToken("tenant-1", "s")));
            h.clock.advance(LONG_AFTER_EXPIRY);
            accessToken(h.decide(fedexToken("tenant-2", "s")));
            assertEquals(1, h.control("fedex").credentials(), "tenant-1's slot, and its request, are gone");
        }
    }

    @Test
    void aForgottenCredentialComesBackWithItsNextTokenRequest() {
        try (Harness h = new Harness(EXPIRES_IN, TestCarriers.fedex().unlimited().build())) {
            String before = accessToken(h.decide(fedexToken("tenant-1", "s")));
            h.clock.advance(LONG_AFTER_EXPIRY);
            accessToken(h.decide(fedexToken("tenant-2", "s")));
            String after = accessToken(h.decide(fedexToken("tenant-1", "s")));
            assertNotEquals(before, after);
            assertEquals(after, accessToken(h.decide(fedexToken("tenant-1", "s"))), "cached again");
            assertEquals(3, h.carrier.calls());
        }
    }

    @Test
    void aCredentialWhoseTokenIsStillUsableIsKept() {
        try (Harness h = new Harness(EXPIRES_IN, TestCarriers.fedex().unlimited().build())) {
            accessToken(h.decide(fedexToken("tenant-1", "s")));
            h.clock.advance(Duration.ofMinutes(30));
            accessToken(h.decide(fedexToken("tenant-2", "s")));
            assertEquals(2, h.control("fedex").credentials());
        }
    }

    @Test
    void theConfiguredCredentialIsNeverForgotten() {
        try (Harness h = new Harness(EXPIRES_IN, TestCarriers.fedex().credentials("configured", "s").unlimited().build())) {
            h.clock.advance(LONG_AFTER_EXPIRY);
            accessToken(h.decide(fedexToken("tenant-2", "s")));
            assertEquals(2, h.control("fedex").credentials());
            accessToken(h.decide(fedexToken("configured", "s")));
            assertEquals(2, h.control("fedex").credentials());
        }
    }

    @Test
    void beyondTheMostCredentialsTokenRequestsGoUncachedWithOneWarning() {
        try (Harness h = new Harness(EXPIRES_IN, TestCarriers.fedex().unlimited().build())) {
            for (int i = 0; i < TokenBroker.MAX_CREDENTIALS; i++) {
                accessToken(h.decide(fedexToken("tenant-" + i, "s")));
            }
            int calls = h.carrier.calls();
            String first = accessToken(h.decide(fedexToken("one-more", "s")));
            String second = accessToken(h.decide(fedexToken("one-more", "s")));
            assertNotEquals(first, second);
            assertEquals(calls + 2, h.carrier.calls(), "each made as it is");
            assertEquals(TokenBroker.MAX_CREDENTIALS, h.control("fedex").credentials());
            assertEquals(1, h.log.messages(Level.WARN).stream().filter(m -> m.contains("credentials in use")).count());
        }
    }

    @Test
    void aFullCarrierMakesRoomByForgettingIdleCredentials() {
        try (Harness h = new Harness(EXPIRES_IN, TestCarriers.fedex().unlimited().build())) {
            for (int i = 0; i < TokenBroker.MAX_CREDENTIALS; i++) {
                accessToken(h.decide(fedexToken("tenant-" + i, "s")));
            }
            h.clock.advance(LONG_AFTER_EXPIRY);
            String token = accessToken(h.decide(fedexToken("one-more", "s")));
            assertEquals(token, accessToken(h.decide(fedexToken("one-more", "s"))), "cached: it got a slot");
        }
    }
}
