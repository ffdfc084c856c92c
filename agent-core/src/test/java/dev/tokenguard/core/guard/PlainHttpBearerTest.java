package dev.tokenguard.core.guard;

import static dev.tokenguard.core.testing.Requests.accessToken;
import static dev.tokenguard.core.testing.Requests.setAuthorization;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tokenguard.core.config.TokenguardConfig;
import dev.tokenguard.core.http.Decision;
import dev.tokenguard.core.http.HttpHeaders;
import dev.tokenguard.core.http.OutboundRequest;
import dev.tokenguard.core.testing.CapturingLogger;
import dev.tokenguard.core.testing.FakeCarrier;
import dev.tokenguard.core.testing.ManualClock;
import dev.tokenguard.core.testing.Requests;
import dev.tokenguard.core.testing.TestCarriers;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.slf4j.event.Level;

/** Issue 9, defect 7: an {@code http://} token URL makes its host no place for bearers. */
class PlainHttpBearerTest {
    private static final String TOKEN_URL = "http://carrier.test/oauth/token";

    /** A carrier with configured credentials, so that requests without a bearer get one attached. */
    private static Tokenguard guard(String... apiHosts) {
        TokenguardConfig config = new TokenguardConfig(List.of(
                TestCarriers.fedex().apiHosts(apiHosts).tokenUrl(TOKEN_URL).credentials("id", "secret").unlimited().build()),
                "info", null, TokenguardConfig.OnConfigError.PASS, "test");
        ManualClock clock = new ManualClock();
        return Tokenguard.builder(config).transport(new FakeCarrier(clock, FakeCarrier.Shape.FEDEX, 3600))
                .timeSource(clock).executor(Runnable::run).logger(new CapturingLogger(Level.INFO)).build();
    }

    private static OutboundRequest tokenRequest() {
        HttpHeaders headers = HttpHeaders.builder().add("Content-Type", "application/x-www-form-urlencoded").build();
        return new OutboundRequest("POST", URI.create(TOKEN_URL), headers,
                "grant_type=client_credentials&client_id=id&client_secret=secret".getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void tokenRequestsToAPlainHttpTokenUrlAreStillAnswered() {
        try (Tokenguard g = guard("carrier.test")) {
            assertTrue(g.isCarrierHost("carrier.test", 80));
            assertInstanceOf(Decision.Answer.class, g.decide(tokenRequest()));
            accessToken(g.decide(tokenRequest()));
        }
    }

    @Test
    void noBearerIsAttachedOverPlainHttpToTheTokenHost() {
        try (Tokenguard g = guard("carrier.test")) {
            assertNull(setAuthorization(g.decide(Requests.api("http://carrier.test/ship/v1/shipments", null))));
        }
    }

    @Test
    void theHttpsApiHostBesideItStillGetsTheBearer() {
        try (Tokenguard g = guard("carrier.test")) {
            String attached = setAuthorization(g.decide(Requests.api("https://carrier.test/ship/v1/shipments", null)));
            assertTrue(attached.startsWith("Bearer "), attached);
        }
    }

    @Test
    void aPlainHttpPortNamedInApiHostsGetsTheBearer() {
        try (Tokenguard g = guard("carrier.test:80")) {
            String token = accessToken(g.decide(tokenRequest()));
            assertEquals("Bearer " + token,
                    setAuthorization(g.decide(Requests.api("http://carrier.test/ship/v1/shipments", null))));
        }
    }

    @Test
    void theKillSwitchStillStopsRequestsToTheTokenHost() {
        try (Tokenguard g = guard("carrier.test")) {
            g.carrier("fedex").orElseThrow().tripKillSwitch("test");
            assertInstanceOf(Decision.Answer.class, g.decide(Requests.api("http://carrier.test/ship/v1/shipments", null)));
        }
    }
}
