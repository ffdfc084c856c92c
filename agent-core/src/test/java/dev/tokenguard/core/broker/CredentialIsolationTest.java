package dev.tokenguard.core.broker;

import static dev.tokenguard.core.testing.Requests.accessToken;
import static dev.tokenguard.core.testing.Requests.fedexApi;
import static dev.tokenguard.core.testing.Requests.fedexToken;
import static dev.tokenguard.core.testing.Requests.setAuthorization;
import static dev.tokenguard.core.testing.Requests.upsToken;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.tokenguard.core.http.Decision;
import dev.tokenguard.core.http.OutboundRequest;
import dev.tokenguard.core.testing.FakeCarrier;
import dev.tokenguard.core.testing.Harness;
import dev.tokenguard.core.testing.TestCarriers;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** A token is never served to a caller with other credentials. */
class CredentialIsolationTest {

    private static void assertAllDistinct(Harness h, List<OutboundRequest> requests) {
        Set<String> tokens = new HashSet<>();
        for (OutboundRequest r : requests) {
            tokens.add(accessToken(h.decide(r)));
        }
        assertEquals(requests.size(), tokens.size(), "each credential its own token");
        for (OutboundRequest r : requests) {
            tokens.remove(accessToken(h.decide(r)));
        }
        assertEquals(Set.of(), tokens, "and each gets its own back from the cache");
        assertEquals(requests.size(), h.carrier.calls());
    }

    @Test
    void fedexCredentialsDifferingInAnyPartNeverShareAToken() {
        try (Harness h = new Harness(3600, TestCarriers.fedex().unlimited().build())) {
            assertAllDistinct(h, List.of(
                    fedexToken("id", "secret"),
                    fedexToken("id", "other-secret"),
                    fedexToken("other-id", "secret"),
                    fedexToken("id", "secret", "child_Key=child-1", "child_secret=cs"),
                    fedexToken("id", "secret", "child_Key=child-2", "child_secret=cs"),
                    fedexToken("id", "secret", "child_Key=child-1", "child_secret=other"),
                    fedexToken("id", "secret", "scope=CXS"),
                    fedexToken("id", "secret", "audience=whatever")));
        }
    }

    @Test
    void upsCredentialsDifferingInMerchantIdNeverShareAToken() {
        try (Harness h = new Harness(FakeCarrier.Shape.UPS, 14399, () -> 0L, TestCarriers.ups().unlimited().build())) {
            assertAllDistinct(h, List.of(
                    upsToken("id", "secret", null),
                    upsToken("id", "secret", "123456"),
                    upsToken("id", "secret", "654321"),
                    upsToken("id", "other", "123456")));
        }
    }

    @Test
    void aSupersededTokenIsUpgradedOnlyWithinItsOwnCredential() {
        try (Harness h = new Harness(3600, TestCarriers.fedex().unlimited().build())) {
            String a1 = accessToken(h.decide(fedexToken("tenant-a", "secret")));
            String b1 = accessToken(h.decide(fedexToken("tenant-b", "secret")));
            h.clock.setElapsed(Duration.ofMinutes(61));
            String a2 = accessToken(h.decide(fedexToken("tenant-a", "secret")));
            String b2 = accessToken(h.decide(fedexToken("tenant-b", "secret")));
            assertNotEquals(a2, b2);

            assertEquals("Bearer " + a2, setAuthorization(h.decide(fedexApi(a1))));
            assertEquals("Bearer " + b2, setAuthorization(h.decide(fedexApi(b1))));
        }
    }

    @Test
    void withSeveralTenantsNothingIsAttachedToARequestWithoutToken() {
        try (Harness h = new Harness(3600, TestCarriers.fedex().unlimited().build())) {
            h.decide(fedexToken("tenant-a", "secret"));
            assertEquals("Bearer " + h.carrier.token(1), setAuthorization(h.decide(fedexApi(null))), "one tenant: its token");

            h.decide(fedexToken("tenant-b", "secret"));
            assertNull(setAuthorization(h.decide(fedexApi(null))), "two tenants: never guess");
        }
    }

    @Test
    void aWrongSecretNeverGetsTheCachedTokenOfTheRightOne() {
        try (Harness h = new Harness(3600, TestCarriers.fedex().build())) {
            h.decide(fedexToken("id", "secret"));
            h.carrier.thenStatus(401, "{\"errors\":[{\"code\":\"NOT.AUTHORIZED.ERROR\"}]}");
            Decision.Answer wrong = (Decision.Answer) h.decide(fedexToken("id", "not-the-secret"));
            assertEquals(401, wrong.response().status());
        }
    }

    @Test
    void aTokenRequestWithoutClientIdIsMadeAsItIsThroughTheLimiterAndNeverCached() {
        try (Harness h = new Harness(3600, TestCarriers.fedex().tokenWait(Duration.ZERO).build())) {
            OutboundRequest odd = new OutboundRequest("POST", TestCarriers.FEDEX_TOKEN_URL,
                    dev.tokenguard.core.http.HttpHeaders.builder().add("Content-Type", "application/x-www-form-urlencoded")
                            .add("X-Api-Key", "k").build(),
                    "grant_type=password&username=u&password=p".getBytes(java.nio.charset.StandardCharsets.UTF_8));
            assertEquals(h.carrier.token(1), accessToken(h.decide(odd)));
            assertEquals("grant_type=password&username=u&password=p", h.carrier.last().body());
            assertEquals("k", h.carrier.last().headers().first("X-Api-Key"));

            assertEquals(503, ((Decision.Answer) h.decide(odd)).response().status(), "1/1s: the limiter holds");
            h.clock.advance(Duration.ofSeconds(1));
            assertEquals(h.carrier.token(2), accessToken(h.decide(odd)), "not cached: a new call");
            assertNull(setAuthorization(h.decide(fedexApi(null))), "and never attached");
        }
    }
}
