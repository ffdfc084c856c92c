package dev.tokenguard.core.guard;

import static dev.tokenguard.core.testing.Requests.accessToken;
import static dev.tokenguard.core.testing.Requests.fedexApi;
import static dev.tokenguard.core.testing.Requests.fedexToken;
import static dev.tokenguard.core.testing.Requests.setAuthorization;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.tokenguard.core.config.Attach;
import dev.tokenguard.core.http.HttpHeaders;
import dev.tokenguard.core.http.OutboundRequest;
import dev.tokenguard.core.testing.Harness;
import dev.tokenguard.core.testing.TestCarriers;
import java.net.URI;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class AttachModesTest {
    private static final OutboundRequest WITH_API_KEY = new OutboundRequest("GET",
            URI.create("https://apis.fedex.com/track/v1/trackingnumbers"),
            HttpHeaders.builder().add("Authorization", "ApiKey abc").build(), null);

    @Test
    void missingAttachesTheConfiguredCredentialsTokenOnlyWhereThereIsNoAuthorization() {
        try (Harness h = new Harness(3600, TestCarriers.fedex().credentials("id", "secret").attach(Attach.MISSING).build())) {
            assertEquals("Bearer " + h.carrier.token(1), setAuthorization(h.decide(fedexApi(null))));
            assertNull(setAuthorization(h.decide(WITH_API_KEY)));
            assertNull(setAuthorization(h.decide(fedexApi("the-applications-own"))));
        }
    }

    @Test
    void alwaysReplacesWhateverTheRequestCarries() {
        try (Harness h = new Harness(3600, TestCarriers.fedex().credentials("id", "secret").attach(Attach.ALWAYS).build())) {
            assertEquals("Bearer " + h.carrier.token(1), setAuthorization(h.decide(fedexApi("the-applications-own"))));
            assertEquals("Bearer " + h.carrier.token(1), setAuthorization(h.decide(WITH_API_KEY)));
            assertNull(setAuthorization(h.decide(fedexApi(h.carrier.token(1)))), "already right: left alone");
        }
    }

    @Test
    void neverAttachesButStillUpgradesASupersededToken() {
        try (Harness h = new Harness(3600, TestCarriers.fedex().credentials("id", "secret").attach(Attach.NEVER).build())) {
            assertNull(setAuthorization(h.decide(fedexApi(null))));
            String old = accessToken(h.decide(fedexToken("id", "secret")));
            h.clock.setElapsed(Duration.ofMinutes(61));
            String current = accessToken(h.decide(fedexToken("id", "secret")));
            assertEquals("Bearer " + current, setAuthorization(h.decide(fedexApi(old))));
        }
    }

    @Test
    void withoutConfiguredCredentialsTheOneCredentialTheApplicationUsedIsAttached() {
        try (Harness h = new Harness(3600, TestCarriers.fedex().attach(Attach.MISSING).build())) {
            assertNull(setAuthorization(h.decide(fedexApi(null))), "nothing learned yet");
            String token = accessToken(h.decide(fedexToken("id", "secret")));
            assertEquals("Bearer " + token, setAuthorization(h.decide(fedexApi(null))));
        }
    }

    @Test
    void attachingRenewsAnExpiredTokenWithTheLearnedRequest() {
        try (Harness h = new Harness(3600, TestCarriers.fedex().attach(Attach.MISSING).build())) {
            h.decide(fedexToken("id", "secret"));
            h.clock.setElapsed(Duration.ofHours(2));
            assertEquals("Bearer " + h.carrier.token(2), setAuthorization(h.decide(fedexApi(null))));
            assertEquals("grant_type=client_credentials&client_id=id&client_secret=secret", h.carrier.last().body());
        }
    }
}
