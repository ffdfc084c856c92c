package dev.tokenguard.core.config;

import static dev.tokenguard.core.config.ConfigTexts.error;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** Every error names the source, the line and the key, and says what is wrong. */
class ConfigParserErrorsTest {

    private static final String FEDEX = "carrier.fedex.preset=fedex";

    private static void assertNames(ConfigException e, int line, String key, String problem) {
        assertEquals(line, e.line(), e.getMessage());
        assertEquals(key, e.key(), e.getMessage());
        assertTrue(e.getMessage().startsWith("Invalid tokenguard configuration (" + ConfigTexts.SOURCE
                + ", line " + line + ", " + key + "): "), e.getMessage());
        assertTrue(e.problem().contains(problem), e.getMessage());
        assertTrue(e.getMessage().indexOf('\n') < 0, "one line");
    }

    @Test
    void misspeltCarrierKeySuggestsTheRightOne() {
        assertNames(error(FEDEX, "carrier.fedex.min-intervall=1s"), 2, "carrier.fedex.min-intervall",
                "unknown key (did you mean carrier.fedex.min-interval?)");
    }

    @Test
    void misspeltTokenguardKeySuggestsTheRightOne() {
        assertNames(error(FEDEX, "tokenguard.log.levl=info"), 2, "tokenguard.log.levl",
                "unknown key (did you mean tokenguard.log.level?)");
    }

    @Test
    void truncatedKeySuggestsTheFullOne() {
        assertNames(error(FEDEX, "carrier.fedex.retry-after=10s"), 2, "carrier.fedex.retry-after",
                "did you mean carrier.fedex.retry-after-default?");
    }

    @Test
    void misspeltTokenParamSuggestsTokenParam() {
        assertNames(error(FEDEX, "carrier.fedex.token-params.child_Key=x"), 2, "carrier.fedex.token-params.child_Key",
                "did you mean carrier.fedex.token-param.child_Key?");
    }

    @Test
    void unknownKeyFarFromAnyGetsNoSuggestion() {
        assertNames(error(FEDEX, "carrier.fedex.colour=blue"), 2, "carrier.fedex.colour", "unknown key");
        assertFalse(error(FEDEX, "carrier.fedex.colour=blue").problem().contains("did you mean"));
    }

    @Test
    void keyOutsideTheNamespacesIsAnError() {
        assertNames(error(FEDEX, "server.port=8080"), 2, "server.port",
                "unknown key; keys start with carrier.<id>., policy.<name>. or tokenguard.");
    }

    @Test
    void misspeltNamespaceSuggestsTheRightOne() {
        assertNames(error("carriers.fedex.preset=fedex"), 1, "carriers.fedex.preset",
                "did you mean carrier.fedex.preset?");
    }

    @Test
    void carrierIdWithCapitalsIsAnError() {
        assertNames(error("carrier.FedEx.preset=fedex"), 1, "carrier.FedEx.preset",
                "a carrier id uses only a-z, 0-9 and '-' (did you mean carrier.fedex.preset?)");
    }

    @Test
    void carrierKeyWithoutPropertyIsAnError() {
        assertNames(error("carrier.fedex=fedex"), 1, "carrier.fedex", "carrier.<id>.<property>");
    }

    @Test
    void tokenParamCannotSetTheClientSecret() {
        assertNames(error(FEDEX, "carrier.fedex.token-param.client_secret=x"), 2,
                "carrier.fedex.token-param.client_secret", "set by carrier.fedex.client-secret");
    }

    @Test
    void badDuration() {
        assertNames(error(FEDEX, "carrier.fedex.min-interval=1x"), 2, "carrier.fedex.min-interval",
                "\"1x\" is not a duration (unknown unit \"x\")");
    }

    @Test
    void durationWithoutUnit() {
        assertNames(error(FEDEX, "carrier.fedex.token-wait=2"), 2, "carrier.fedex.token-wait", "\"2\" has no unit");
    }

    @Test
    void zeroTokenTimeout() {
        assertNames(error(FEDEX, "carrier.fedex.token-timeout=0s"), 2, "carrier.fedex.token-timeout",
                "must be longer than zero");
    }

    @Test
    void tokenTimeoutOverFiveMinutes() {
        assertNames(error(FEDEX, "carrier.fedex.token-timeout=6m"), 2, "carrier.fedex.token-timeout",
                "\"6m\" is longer than the most allowed, 5m");
    }

    @Test
    void zeroBanDuration() {
        assertNames(error(FEDEX, "carrier.fedex.ban-duration=0s"), 2, "carrier.fedex.ban-duration",
                "must be longer than zero");
    }

    @Test
    void badRateBand() {
        assertNames(error(FEDEX, "carrier.fedex.token-rate=2 per second"), 2, "carrier.fedex.token-rate",
                "is not a rate band; write calls/period bands");
    }

    @Test
    void rateBandWithZeroCalls() {
        assertNames(error(FEDEX, "carrier.fedex.token-rate=0/1s"), 2, "carrier.fedex.token-rate", "allows no calls");
    }

    @Test
    void rateBandWithBadPeriod() {
        assertNames(error(FEDEX, "carrier.fedex.token-rate=2/1s,20/2"), 2, "carrier.fedex.token-rate", "\"2\" has no unit");
    }

    @Test
    void emptyRateBand() {
        assertNames(error(FEDEX, "carrier.fedex.token-rate=2/1s,"), 2, "carrier.fedex.token-rate", "is not a rate band");
    }

    @Test
    void twoRateBandsWithOnePeriod() {
        assertNames(error(FEDEX, "carrier.fedex.token-rate=2/1s,3/1000ms"), 2, "carrier.fedex.token-rate",
                "two bands with the period 1s");
    }

    @Test
    void statusOutOfRange() {
        assertNames(error(FEDEX, "carrier.fedex.ban-status=99"), 2, "carrier.fedex.ban-status", "100 to 599");
        assertNames(error(FEDEX, "carrier.fedex.refusal-status=600"), 2, "carrier.fedex.refusal-status", "100 to 599");
    }

    @Test
    void statusThatIsNotANumber() {
        assertNames(error(FEDEX, "carrier.fedex.ban-status=forbidden"), 2, "carrier.fedex.ban-status",
                "is not a whole number");
    }

    @Test
    void unknownPresetSuggestsTheClosest() {
        assertNames(error("carrier.fedex.preset=fedx"), 1, "carrier.fedex.preset",
                "\"fedx\" is not one of fedex, ups, usps, generic (did you mean fedex?)");
    }

    @Test
    void unknownEnumeratedValue() {
        assertNames(error(FEDEX, "carrier.fedex.attach=sometimes"), 2, "carrier.fedex.attach",
                "is not one of missing, always, never");
        assertNames(error(FEDEX, "carrier.fedex.kill-switch=true"), 2, "carrier.fedex.kill-switch", "is not one of off, on");
    }

    @Test
    void tokenUrlThatIsNotHttp() {
        assertNames(error(FEDEX, "carrier.fedex.token-url=ftp://apis.fedex.com/token"), 2, "carrier.fedex.token-url",
                "is not an http or https URL with a host");
    }

    @Test
    void apiHostWrittenAsAUrl() {
        assertNames(error(FEDEX, "carrier.fedex.api-hosts=https://apis.fedex.com"), 2, "carrier.fedex.api-hosts",
                "write the host alone");
    }

    @Test
    void apiHostWithBadPort() {
        assertNames(error(FEDEX, "carrier.fedex.api-hosts=apis.fedex.com:70000"), 2, "carrier.fedex.api-hosts",
                "is not a host or host:port");
    }

    @Test
    void hostTwiceInOneCarrier() {
        assertNames(error(FEDEX, "carrier.fedex.api-hosts=apis.fedex.com, APIS.fedex.com"), 2, "carrier.fedex.api-hosts",
                "apis.fedex.com is listed twice");
    }

    @Test
    void bareHostAndItsDefaultPortCountAsTheSameHost() {
        assertNames(error(FEDEX, "carrier.fedex.api-hosts=apis.fedex.com, apis.fedex.com:443"), 2,
                "carrier.fedex.api-hosts", "apis.fedex.com:443 is listed twice (as apis.fedex.com)");
    }

    @Test
    void hostInTwoCarriers() {
        assertNames(error(FEDEX, "carrier.fedex2.preset=generic",
                        "carrier.fedex2.token-url=https://apis.fedex.com/oauth/token",
                        "carrier.fedex2.api-hosts=example.com,apis.fedex.com"),
                4, "carrier.fedex2.api-hosts",
                "apis.fedex.com is already guarded by carrier.fedex.api-hosts (line 1); a host belongs to one carrier");
    }

    @Test
    void hostInTwoCarriersByPresetNamesThePresetLine() {
        assertNames(error(FEDEX, "carrier.child.preset=fedex"), 2, "carrier.child.api-hosts",
                "apis.fedex.com is already guarded by carrier.fedex.api-hosts (line 1)");
    }

    @Test
    void onlyClientIdIsAnErrorNamingTheMissingSecret() {
        assertNames(error(FEDEX, "carrier.fedex.client-id=abc"), 2, "carrier.fedex.client-secret",
                "missing: carrier.fedex.client-id is given; give both, or neither");
    }

    @Test
    void onlyClientSecretIsAnErrorNamingTheMissingId() {
        assertNames(error(FEDEX, "carrier.fedex.client-secret=abc"), 2, "carrier.fedex.client-id",
                "missing: carrier.fedex.client-secret is given");
    }

    @Test
    void genericWithoutTokenUrlIsAnError() {
        assertNames(error("carrier.acme.preset=generic", "carrier.acme.api-hosts=api.acme.example"), 1,
                "carrier.acme.token-url", "missing: preset generic has no default");
    }

    @Test
    void genericWithoutApiHostsIsAnError() {
        assertNames(error("carrier.acme.token-url=https://auth.acme.example/token"), 1,
                "carrier.acme.api-hosts", "missing: preset generic has no default");
    }

    @Test
    void unsetVariableNamesTheVariable() {
        assertNames(error(FEDEX, "carrier.fedex.client-id=${NO_SUCH_VAR}", "carrier.fedex.client-secret=x"), 2,
                "carrier.fedex.client-id", "environment variable NO_SUCH_VAR is not set");
    }

    @Test
    void unsetSystemPropertyNamesTheProperty() {
        assertNames(error(FEDEX, "carrier.fedex.client-id=${sys:no.such}", "carrier.fedex.client-secret=x"), 2,
                "carrier.fedex.client-id", "system property no.such is not set");
    }

    @Test
    void unclosedReference() {
        assertNames(error(FEDEX, "carrier.fedex.client-id=${FEDEX_CLIENT_ID", "carrier.fedex.client-secret=x"), 2,
                "carrier.fedex.client-id", "no closing '}'");
    }

    @Test
    void emptyValue() {
        assertNames(error(FEDEX, "carrier.fedex.min-interval="), 2, "carrier.fedex.min-interval", "empty value");
    }

    @Test
    void keyGivenTwice() {
        assertNames(error(FEDEX, "carrier.fedex.min-interval=1s", "carrier.fedex.min-interval=2s"), 3,
                "carrier.fedex.min-interval", "given twice (first on line 2)");
    }

    @Test
    void metricsPortOutOfRange() {
        assertNames(error(FEDEX, "tokenguard.metrics.port=65536"), 2, "tokenguard.metrics.port",
                "\"65536\" is not a port (1 to 65535, or 0 for none)");
        assertNames(error(FEDEX, "tokenguard.metrics.port=-1"), 2, "tokenguard.metrics.port", "is not a port");
        assertNames(error(FEDEX, "tokenguard.metrics.port=http"), 2, "tokenguard.metrics.port", "is not a whole number");
    }

    @Test
    void metricsHostThatIsNoAddress() {
        assertNames(error(FEDEX, "tokenguard.metrics.host=http://localhost"), 2, "tokenguard.metrics.host",
                "is not a host name or IP address");
    }

    @Test
    void misspeltMetricsKeySuggestsTheRightOne() {
        assertNames(error(FEDEX, "tokenguard.metric.port=9464"), 2, "tokenguard.metric.port",
                "unknown key (did you mean tokenguard.metrics.port?)");
    }

    @Test
    void expectedInstancesBelowOne() {
        assertNames(error(FEDEX, "tokenguard.cluster.expected-instances=0"), 2, "tokenguard.cluster.expected-instances",
                "less than 1");
    }

    @Test
    void storeOfAnotherSchemeIsNamedWithTheFormsThatWork() {
        assertNames(error(FEDEX, "tokenguard.store=memcached://cache:11211"), 2, "tokenguard.store",
                "unknown store scheme memcached://; write local, redis://host:port[/db], rediss://host:port[/db] or "
                        + "redis-sentinel://host:port[,host:port...]/master[/db]");
    }

    @Test
    void storeThatIsNoUrl() {
        assertNames(error(FEDEX, "tokenguard.store=redis"), 2, "tokenguard.store", "unknown store; write local");
    }

    @Test
    void redisStoreWithoutPort() {
        assertNames(error(FEDEX, "tokenguard.store=redis://cache"), 2, "tokenguard.store",
                "the Redis URL has no port; write it out, as in redis://host:6379");
    }

    @Test
    void redisStoreWithADatabaseThatIsNoNumber() {
        assertNames(error(FEDEX, "tokenguard.store=redis://cache:6379/sessions"), 2, "tokenguard.store",
                "the Redis database after the port must be a whole number from 0");
    }

    @Test
    void redisStoreWithAQuery() {
        assertNames(error(FEDEX, "tokenguard.store=redis://cache:6379/0?timeout=1"), 2, "tokenguard.store",
                "takes no query");
    }

    @Test
    void unknownLogLevel() {
        assertNames(error(FEDEX, "tokenguard.log.level=verbose"), 2, "tokenguard.log.level",
                "is not one of trace, debug, info, warn, error");
    }

    @Test
    void theFirstErrorInLineOrderIsReported() {
        assertNames(error(FEDEX, "carrier.fedex.min-interval=x", "carrier.fedex.token-wait=y"), 2,
                "carrier.fedex.min-interval", "\"x\"");
    }

    @Test
    void noCarrierIsAnError() {
        ConfigException e = error("tokenguard.log.level=info");
        assertEquals(0, e.line());
        assertTrue(e.getMessage().contains("no carrier is configured"), e.getMessage());
    }
}
