package dev.tokenguard.core.config;

import static dev.tokenguard.core.config.ConfigTexts.carrier;
import static dev.tokenguard.core.config.ConfigTexts.parse;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tokenguard.core.config.TokenguardConfig.OnConfigError;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Each key the issue lists, read into its field. */
class ConfigParserKeysTest {

    private static final String GENERIC = "carrier.acme.token-url=https://auth.acme.example/oauth/token";
    private static final String HOSTS = "carrier.acme.api-hosts=api.acme.example";

    @Test
    void carrierIdIsTheMiddleOfTheKey() throws ConfigException {
        assertEquals("acme", carrier(GENERIC, HOSTS).id());
    }

    @Test
    void presetChoosesTheCarrier() throws ConfigException {
        assertEquals(Preset.UPS, carrier("carrier.acme.preset=ups").preset());
    }

    @Test
    void apiHostsAreCommaSeparatedLowerCasedAndKeepTheirPorts() throws ConfigException {
        CarrierConfig c = carrier(GENERIC, "carrier.acme.api-hosts=API.acme.example, localhost:8443");
        assertEquals(List.of("api.acme.example", "localhost:8443"), List.copyOf(c.apiHosts()));
    }

    @Test
    void aBareHostAndItsPlainHttpPortAreTwoEntries() throws ConfigException {
        // A bare host matches the HTTPS port only, so host:80 names plain HTTP explicitly and overlaps nothing.
        CarrierConfig c = carrier(GENERIC, "carrier.acme.api-hosts=api.acme.example, api.acme.example:80");
        assertEquals(List.of("api.acme.example", "api.acme.example:80"), List.copyOf(c.apiHosts()));
    }

    @Test
    void tokenUrl() throws ConfigException {
        assertEquals(URI.create("https://auth.acme.example/oauth/token"), carrier(GENERIC, HOSTS).tokenUrl());
    }

    @Test
    void clientIdAndSecret() throws ConfigException {
        CarrierConfig c = carrier(GENERIC, HOSTS, "carrier.acme.client-id=id-1", "carrier.acme.client-secret=secret-1");
        assertEquals("id-1", c.clientId());
        assertEquals("secret-1", c.clientSecret());
        assertTrue(c.hasCredentials());
    }

    @Test
    void credentialsMayBeLeftOut() throws ConfigException {
        CarrierConfig c = carrier(GENERIC, HOSTS);
        assertNull(c.clientId());
        assertNull(c.clientSecret());
        assertFalse(c.hasCredentials());
    }

    @Test
    void clientAuth() throws ConfigException {
        assertEquals(ClientAuth.BASIC, carrier(GENERIC, HOSTS, "carrier.acme.client-auth=basic").clientAuth());
    }

    @Test
    void attach() throws ConfigException {
        assertEquals(Attach.ALWAYS, carrier(GENERIC, HOSTS, "carrier.acme.attach=always").attach());
        assertEquals(Attach.NEVER, carrier(GENERIC, HOSTS, "carrier.acme.attach=never").attach());
    }

    @Test
    void enumeratedValuesMayBeWrittenInAnyCase() throws ConfigException {
        assertEquals(Attach.NEVER, carrier(GENERIC, HOSTS, "carrier.acme.attach=NEVER").attach());
    }

    @Test
    void durations() throws ConfigException {
        CarrierConfig c = carrier(GENERIC, HOSTS,
                "carrier.acme.refresh-ahead=7m",
                "carrier.acme.min-interval=250ms",
                "carrier.acme.token-wait=3s",
                "carrier.acme.token-timeout=4s",
                "carrier.acme.ban-duration=1h",
                "carrier.acme.retry-after-default=90s");
        assertEquals(Duration.ofMinutes(7), c.refreshAhead());
        assertEquals(Duration.ofMillis(250), c.minInterval());
        assertEquals(Duration.ofSeconds(3), c.tokenWait());
        assertEquals(Duration.ofSeconds(4), c.tokenTimeout());
        assertEquals(Duration.ofHours(1), c.banDuration());
        assertEquals(Duration.ofSeconds(90), c.defaultRetryAfter());
    }

    @Test
    void refreshAheadMinIntervalAndTokenWaitMayBeZero() throws ConfigException {
        CarrierConfig c = carrier(GENERIC, HOSTS,
                "carrier.acme.refresh-ahead=0s", "carrier.acme.min-interval=0ms", "carrier.acme.token-wait=0s");
        assertEquals(Duration.ZERO, c.refreshAhead());
        assertEquals(Duration.ZERO, c.minInterval());
        assertEquals(Duration.ZERO, c.tokenWait());
    }

    @Test
    void tokenRateBandsInTheOrderWritten() throws ConfigException {
        CarrierConfig c = carrier(GENERIC, HOSTS, "carrier.acme.token-rate=2/1s, 20 / 2m");
        assertEquals(List.of(new RateBand(2, Duration.ofSeconds(1)), new RateBand(20, Duration.ofMinutes(2))),
                c.tokenRate());
    }

    @Test
    void statuses() throws ConfigException {
        CarrierConfig c = carrier(GENERIC, HOSTS, "carrier.acme.ban-status=429", "carrier.acme.refusal-status=429");
        assertEquals(429, c.banStatus());
        assertEquals(429, c.refusalStatus());
    }

    @Test
    void killSwitchIsTheStateAtStart() throws ConfigException {
        assertTrue(carrier(GENERIC, HOSTS, "carrier.acme.kill-switch=on").killSwitchOnAtStart());
        assertFalse(carrier(GENERIC, HOSTS, "carrier.acme.kill-switch=off").killSwitchOnAtStart());
    }

    @Test
    void quotaGroup() throws ConfigException {
        assertEquals("fedex-ip-1", carrier(GENERIC, HOSTS, "carrier.acme.quota-group=fedex-ip-1").quotaGroup());
    }

    @Test
    void quotaGroupDefaultsToTheTokenHostInLowerCase() throws ConfigException {
        assertEquals("auth.acme.example",
                carrier("carrier.acme.token-url=https://Auth.Acme.Example/oauth/token", HOSTS).quotaGroup());
    }

    @Test
    void quotaGroupDefaultKeepsAPortThatIsNotTheSchemesDefault() throws ConfigException {
        assertEquals("localhost:8443", carrier("carrier.acme.token-url=https://localhost:8443/token", HOSTS).quotaGroup());
        assertEquals("localhost", carrier("carrier.acme.token-url=https://localhost:443/token", HOSTS).quotaGroup());
    }

    @Test
    void tokenParamsBecomeExtraTokenParamsInTheOrderWritten() throws ConfigException {
        CarrierConfig c = carrier(GENERIC, HOSTS,
                "carrier.acme.token-param.child_Key=ck", "carrier.acme.token-param.child_secret=cs");
        assertEquals(Map.of("child_Key", "ck", "child_secret", "cs"), c.extraTokenParams());
        assertEquals(List.of("child_Key", "child_secret"), List.copyOf(c.extraTokenParams().keySet()));
    }

    @Test
    void severalCarriersInTheOrderOfTheirFirstKey() throws ConfigException {
        TokenguardConfig config = parse("carrier.ups.preset=ups", "carrier.fedex.preset=fedex", "carrier.ups.attach=never");
        assertEquals(List.of("ups", "fedex"), config.carriers().stream().map(CarrierConfig::id).toList());
        assertEquals(Attach.NEVER, config.carriers().get(0).attach());
    }

    @Test
    void logLevelAndFile() throws ConfigException {
        TokenguardConfig config = parse(GENERIC, HOSTS, "tokenguard.log.level=DEBUG", "tokenguard.log.file=/var/log/tg.log");
        assertEquals("debug", config.logLevel());
        assertEquals("/var/log/tg.log", config.logFile());
    }

    @Test
    void emptyLogFileMeansStandardError() throws ConfigException {
        assertNull(parse(GENERIC, HOSTS, "tokenguard.log.file=").logFile());
    }

    @Test
    void tokenguardSettingsDefaults() throws ConfigException {
        TokenguardConfig config = parse(GENERIC, HOSTS);
        assertEquals("info", config.logLevel());
        assertNull(config.logFile());
        assertEquals(OnConfigError.FAIL, config.onConfigError());
        assertEquals(StoreLocation.LOCAL, config.store());
        assertNull(config.clusterName());
        assertEquals(2, config.clusterExpectedInstances());
        assertEquals(ConfigTexts.SOURCE, config.source());
    }

    @Test
    void onConfigErrorPass() throws ConfigException {
        assertEquals(OnConfigError.PASS, parse(GENERIC, HOSTS, "tokenguard.on-config-error=pass").onConfigError());
    }

    @Test
    void localStoreAndClusterSettings() throws ConfigException {
        TokenguardConfig config = parse(GENERIC, HOSTS, "tokenguard.store=local",
                "tokenguard.cluster.name=shipping-prod", "tokenguard.cluster.expected-instances=4");
        assertEquals(StoreLocation.LOCAL, config.store());
        assertEquals("shipping-prod", config.clusterName());
        assertEquals(4, config.clusterExpectedInstances());
    }

    @Test
    void noMetricsEndpointUnlessAPortIsGiven() throws ConfigException {
        assertNull(parse(GENERIC, HOSTS).metrics());
        assertNull(parse(GENERIC, HOSTS, "tokenguard.metrics.port=0").metrics(), "0 is off");
        assertNull(parse(GENERIC, HOSTS, "tokenguard.metrics.host=127.0.0.1").metrics(), "a host alone is off");
    }

    @Test
    void metricsPortOnEveryInterfaceOrTheHostGiven() throws ConfigException {
        assertEquals(new MetricsEndpoint(null, 9464), parse(GENERIC, HOSTS, "tokenguard.metrics.port=9464").metrics());
        assertEquals(new MetricsEndpoint("::1", 9464),
                parse(GENERIC, HOSTS, "tokenguard.metrics.port=9464", "tokenguard.metrics.host=::1").metrics());
        assertEquals("[::1]:9464", new MetricsEndpoint("::1", 9464).toString());
        assertEquals("*:9464", new MetricsEndpoint(null, 9464).toString());
    }
}
