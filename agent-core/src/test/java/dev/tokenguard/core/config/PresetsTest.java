package dev.tokenguard.core.config;

import static dev.tokenguard.core.config.ConfigTexts.carrier;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Each preset's defaults, and keys overriding them. */
class PresetsTest {

    private static final List<RateBand> ONE_A_SECOND_THIRTY_IN_TWO_MINUTES =
            List.of(new RateBand(1, Duration.ofSeconds(1)), new RateBand(30, Duration.ofMinutes(2)));

    @Test
    void fedexDefaults() throws ConfigException {
        CarrierConfig c = carrier("carrier.fedex.preset=fedex");
        assertEquals(Preset.FEDEX, c.preset());
        assertEquals(URI.create("https://apis.fedex.com/oauth/token"), c.tokenUrl());
        assertEquals(Set.of("apis.fedex.com"), c.apiHosts());
        assertEquals(ClientAuth.FORM, c.clientAuth());
        assertEquals(Attach.MISSING, c.attach());
        assertEquals(Duration.ofMinutes(5), c.refreshAhead());
        assertEquals(Duration.ofSeconds(1), c.minInterval());
        assertEquals(ONE_A_SECOND_THIRTY_IN_TWO_MINUTES, c.tokenRate());
        assertEquals(Duration.ofSeconds(2), c.tokenWait());
        assertEquals(Duration.ofSeconds(10), c.tokenTimeout());
        assertEquals(403, c.banStatus());
        assertEquals(Duration.ofMinutes(10), c.banDuration());
        assertFalse(c.killSwitchOnAtStart());
        assertEquals("apis.fedex.com", c.quotaGroup());
        assertEquals(503, c.refusalStatus());
        assertEquals(Duration.ofSeconds(60), c.defaultRetryAfter());
        assertEquals(Map.of(), c.extraTokenParams());
    }

    @Test
    void fedexRateStaysUnderBothFedexThresholdsWithTwoInstances() {
        List<RateBand> rate = Presets.of(Preset.FEDEX).tokenRate();
        long perSecond = rate.stream().filter(b -> b.period().equals(Duration.ofSeconds(1))).findFirst().orElseThrow().calls();
        long perTwoMinutes = rate.stream().filter(b -> b.period().equals(Duration.ofMinutes(2))).findFirst().orElseThrow().calls();
        assertTrue(2 * perSecond < 3, "burst threshold: 3 calls a second");
        assertTrue(2 * perTwoMinutes < 120, "average threshold: 1 call a second over 2 minutes");
    }

    @Test
    void upsDefaults() throws ConfigException {
        CarrierConfig c = carrier("carrier.ups.preset=ups");
        assertEquals(Preset.UPS, c.preset());
        assertEquals(URI.create("https://onlinetools.ups.com/security/v1/oauth/token"), c.tokenUrl());
        assertEquals(Set.of("onlinetools.ups.com"), c.apiHosts());
        assertEquals(ClientAuth.BASIC, c.clientAuth());
        assertEquals(Attach.MISSING, c.attach());
        assertEquals(Duration.ofMinutes(5), c.refreshAhead());
        assertEquals(Duration.ofSeconds(1), c.minInterval());
        assertEquals(ONE_A_SECOND_THIRTY_IN_TWO_MINUTES, c.tokenRate());
        assertEquals(Duration.ofSeconds(2), c.tokenWait());
        assertEquals(Duration.ofSeconds(10), c.tokenTimeout());
        assertEquals(403, c.banStatus());
        assertEquals(Duration.ofMinutes(10), c.banDuration());
        assertEquals("onlinetools.ups.com", c.quotaGroup());
        assertEquals(503, c.refusalStatus());
        assertEquals(Duration.ofSeconds(60), c.defaultRetryAfter());
    }

    @Test
    void uspsDefaults() throws ConfigException {
        CarrierConfig c = carrier("carrier.usps.preset=usps");
        assertEquals(Preset.USPS, c.preset());
        assertEquals(URI.create("https://apis.usps.com/oauth2/v3/token"), c.tokenUrl());
        assertEquals(Set.of("apis.usps.com"), c.apiHosts());
        assertEquals(ClientAuth.FORM, c.clientAuth());
        assertEquals(Attach.MISSING, c.attach());
        assertEquals(Duration.ofMinutes(5), c.refreshAhead());
        assertEquals(Duration.ofSeconds(1), c.minInterval());
        assertEquals(List.of(new RateBand(1, Duration.ofSeconds(1)), new RateBand(10, Duration.ofHours(1))), c.tokenRate());
        assertEquals(Duration.ofSeconds(2), c.tokenWait());
        assertEquals(Duration.ofSeconds(10), c.tokenTimeout());
        assertEquals(403, c.banStatus());
        assertEquals(Duration.ofMinutes(10), c.banDuration());
        assertFalse(c.killSwitchOnAtStart());
        assertEquals("apis.usps.com", c.quotaGroup());
        assertEquals(503, c.refusalStatus());
        assertEquals(Duration.ofSeconds(60), c.defaultRetryAfter());
    }

    @Test
    void uspsRateKeepsTheOauthProductsHourlyQuotaWithTwoInstances() {
        // A greedy band n/P admits at most 2n calls in any window of length P (see RateBands).
        long perHour = Presets.of(Preset.USPS).tokenRate().stream()
                .filter(b -> b.period().equals(Duration.ofHours(1))).findFirst().orElseThrow().calls();
        assertTrue(2 * (2 * perHour) < 60, "USPS OAuth product: 60 calls an hour");
    }

    @Test
    void genericDefaultsHaveNoHosts() {
        Presets.Defaults d = Presets.of(Preset.GENERIC);
        assertNull(d.tokenUrl());
        assertTrue(d.apiHosts().isEmpty());
    }

    @Test
    void genericDefaults() throws ConfigException {
        CarrierConfig c = carrier("carrier.acme.preset=generic",
                "carrier.acme.token-url=https://auth.acme.example/token", "carrier.acme.api-hosts=api.acme.example");
        assertEquals(Preset.GENERIC, c.preset());
        assertEquals(ClientAuth.FORM, c.clientAuth());
        assertEquals(Attach.MISSING, c.attach());
        assertEquals(Duration.ofMinutes(5), c.refreshAhead());
        assertEquals(Duration.ofSeconds(1), c.minInterval());
        assertEquals(ONE_A_SECOND_THIRTY_IN_TWO_MINUTES, c.tokenRate());
        assertEquals(Duration.ofSeconds(2), c.tokenWait());
        assertEquals(Duration.ofSeconds(10), c.tokenTimeout());
        assertEquals(403, c.banStatus());
        assertEquals(Duration.ofMinutes(10), c.banDuration());
        assertEquals(503, c.refusalStatus());
        assertEquals(Duration.ofSeconds(60), c.defaultRetryAfter());
    }

    @Test
    void aBlockWithoutPresetIsGeneric() throws ConfigException {
        CarrierConfig c = carrier("carrier.acme.token-url=https://auth.acme.example/token",
                "carrier.acme.api-hosts=api.acme.example");
        assertEquals(Preset.GENERIC, c.preset());
    }

    @Test
    void everyKeyOverridesItsPreset() throws ConfigException {
        CarrierConfig c = carrier(
                "carrier.fedex.preset=fedex",
                "carrier.fedex.api-hosts=apis-sandbox.fedex.com",
                "carrier.fedex.token-url=https://apis-sandbox.fedex.com/oauth/token",
                "carrier.fedex.client-auth=basic",
                "carrier.fedex.attach=always",
                "carrier.fedex.refresh-ahead=1m",
                "carrier.fedex.min-interval=2s",
                "carrier.fedex.token-rate=1/10s",
                "carrier.fedex.token-wait=5s",
                "carrier.fedex.token-timeout=20s",
                "carrier.fedex.ban-status=429",
                "carrier.fedex.ban-duration=20m",
                "carrier.fedex.kill-switch=on",
                "carrier.fedex.quota-group=office-ip",
                "carrier.fedex.refusal-status=429",
                "carrier.fedex.retry-after-default=30s");
        assertEquals(Set.of("apis-sandbox.fedex.com"), c.apiHosts());
        assertEquals(URI.create("https://apis-sandbox.fedex.com/oauth/token"), c.tokenUrl());
        assertEquals(ClientAuth.BASIC, c.clientAuth());
        assertEquals(Attach.ALWAYS, c.attach());
        assertEquals(Duration.ofMinutes(1), c.refreshAhead());
        assertEquals(Duration.ofSeconds(2), c.minInterval());
        assertEquals(List.of(new RateBand(1, Duration.ofSeconds(10))), c.tokenRate());
        assertEquals(Duration.ofSeconds(5), c.tokenWait());
        assertEquals(Duration.ofSeconds(20), c.tokenTimeout());
        assertEquals(429, c.banStatus());
        assertEquals(Duration.ofMinutes(20), c.banDuration());
        assertTrue(c.killSwitchOnAtStart());
        assertEquals("office-ip", c.quotaGroup());
        assertEquals(429, c.refusalStatus());
        assertEquals(Duration.ofSeconds(30), c.defaultRetryAfter());
    }

    @Test
    void overriddenTokenUrlMovesTheDefaultQuotaGroup() throws ConfigException {
        CarrierConfig c = carrier("carrier.fedex.preset=fedex",
                "carrier.fedex.token-url=https://apis-sandbox.fedex.com/oauth/token");
        assertEquals("apis-sandbox.fedex.com", c.quotaGroup());
    }
}
