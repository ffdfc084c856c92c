package dev.tokenguard.core.config;

import static dev.tokenguard.core.config.ConfigTexts.parse;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tokenguard.core.config.PolicyConfig.Action;
import dev.tokenguard.core.config.PolicyConfig.ByteRate;
import dev.tokenguard.core.config.PolicyConfig.Mode;
import dev.tokenguard.core.config.PolicyConfig.Origin;
import dev.tokenguard.core.config.PolicyConfig.Per;
import dev.tokenguard.core.config.PolicyConfig.ValueMatch;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Each {@code policy.<name>.} key, read into its field. */
class PolicyKeysTest {

    /** A carrier without a preset policy, so that the file's policies are the only ones. */
    private static final String UPS = "carrier.ups.preset=ups";

    /** The one policy the lines make, after the UPS carrier line. */
    private static PolicyConfig policy(String... lines) throws ConfigException {
        List<String> all = new ArrayList<>(List.of(UPS));
        all.addAll(List.of(lines));
        List<PolicyConfig> policies = parse(all.toArray(String[]::new)).policies();
        assertEquals(1, policies.size(), policies.toString());
        return policies.get(0);
    }

    @Test
    void aFileWithoutPoliciesHasNone() throws ConfigException {
        assertEquals(List.of(), parse(UPS).policies());
    }

    @Test
    void aPolicyWithOnlyCarrierAndALimitTakesTheDefaults() throws ConfigException {
        PolicyConfig p = policy("policy.ups-rates.carrier=ups", "policy.ups-rates.requests=10/1s");
        assertEquals("ups-rates", p.name());
        assertEquals("ups", p.carrier());
        assertEquals(PolicyConfig.Conditions.ANY, p.when());
        assertEquals(Per.POLICY, p.per());
        assertEquals(List.of(new RateBand(10, Duration.ofSeconds(1))), p.requests());
        assertNull(p.bytes());
        assertEquals(0, p.inFlight());
        assertEquals(Duration.ofSeconds(2), p.maxWait());
        assertEquals(Mode.ENFORCE, p.mode());
        assertEquals(Action.LIMIT, p.action());
        assertTrue(p.enabled());
        assertEquals(Origin.USER, p.origin());
        assertEquals(2, p.line());
    }

    @Test
    void scopeAndSyncDefaultToTheClusterLeasedInBatchesAndCanBeChosen() throws ConfigException {
        PolicyConfig p = policy("policy.q.carrier=ups", "policy.q.requests=10/1s");
        assertEquals(PolicyConfig.Scope.CLUSTER, p.scope());
        assertEquals(PolicyConfig.Sync.ASYNC, p.sync());
        PolicyConfig exact = policy("policy.q.carrier=ups", "policy.q.requests=10/1s", "policy.q.sync=EXACT");
        assertEquals(PolicyConfig.Sync.EXACT, exact.sync());
        PolicyConfig local = policy("policy.q.carrier=ups", "policy.q.requests=10/1s", "policy.q.scope=instance");
        assertEquals(PolicyConfig.Scope.INSTANCE, local.scope());
    }

    @Test
    void carrierStarCoversEveryCarrier() throws ConfigException {
        PolicyConfig p = policy("policy.all.carrier=*", "policy.all.in-flight=50");
        assertEquals(PolicyConfig.ALL_CARRIERS, p.carrier());
        assertTrue(p.appliesTo("ups"));
    }

    @Test
    void aPolicyMayNameACarrierConfiguredFurtherDown() throws ConfigException {
        List<PolicyConfig> policies = parse("policy.acme-quota.carrier=acme", "policy.acme-quota.requests=5/1s",
                "carrier.acme.token-url=https://auth.acme.example/token", "carrier.acme.api-hosts=api.acme.example")
                .policies();
        assertEquals("acme", policies.get(0).carrier());
        assertEquals(1, policies.get(0).line());
    }

    @Test
    void methodsAreACommaListUpperCased() throws ConfigException {
        PolicyConfig p = policy("policy.x.carrier=ups", "policy.x.requests=1/1s", "policy.x.when.method=get, Post,DELETE");
        assertEquals(Set.of("GET", "POST", "DELETE"), p.when().methods());
    }

    @Test
    void everyKnownMethodIsAccepted() throws ConfigException {
        PolicyConfig p = policy("policy.x.carrier=ups", "policy.x.requests=1/1s",
                "policy.x.when.method=GET,HEAD,POST,PUT,DELETE,PATCH,OPTIONS,TRACE,CONNECT");
        assertEquals(Set.copyOf(PolicyValues.METHODS), p.when().methods());
    }

    @Test
    void pathsAreACommaListOfGlobs() throws ConfigException {
        PolicyConfig p = policy("policy.x.carrier=ups", "policy.x.requests=1/1s",
                "policy.x.when.path=/ship/**, /track/v1/*");
        assertEquals(List.of(PathGlob.compile("/ship/**"), PathGlob.compile("/track/v1/*")), p.when().paths());
        assertTrue(p.when().paths().get(0).matches("/ship/v1/shipments"));
    }

    @Test
    void headerConditionIsExactAndKeyedByLowerCaseName() throws ConfigException {
        PolicyConfig p = policy("policy.x.carrier=ups", "policy.x.requests=1/1s", "policy.x.when.header.X-Tenant=acme");
        ValueMatch match = p.when().headers().get("x-tenant");
        assertEquals("acme", match.exact());
        assertTrue(match.matches("acme"));
        assertFalse(match.matches("ACME"));
        assertFalse(match.matches("acme2"));
    }

    @Test
    void headerConditionWithTildeIsARegexMatchingTheWholeValue() throws ConfigException {
        PolicyConfig p = policy("policy.x.carrier=ups", "policy.x.requests=1/1s", "policy.x.when.header.X-Tenant=~acme-.*");
        ValueMatch match = p.when().headers().get("x-tenant");
        assertNull(match.exact());
        assertTrue(match.matches("acme-eu"));
        assertFalse(match.matches("big-acme-eu"));
        assertEquals("~acme-.*", match.toString());
    }

    @Test
    void queryConditionKeepsTheNameAsWritten() throws ConfigException {
        PolicyConfig p = policy("policy.x.carrier=ups", "policy.x.requests=1/1s",
                "policy.x.when.query.accountNumber=~[0-9]{6}", "policy.x.when.query.filter[type]=label");
        assertTrue(p.when().query().get("accountNumber").matches("123456"));
        assertFalse(p.when().query().get("accountNumber").matches("12345"));
        assertEquals("label", p.when().query().get("filter[type]").exact());
    }

    @Test
    void severalHeaderAndQueryConditions() throws ConfigException {
        PolicyConfig p = policy("policy.x.carrier=ups", "policy.x.requests=1/1s",
                "policy.x.when.header.X-Tenant=acme", "policy.x.when.header.X-Region=eu", "policy.x.when.query.page=1");
        assertEquals(Set.of("x-tenant", "x-region"), p.when().headers().keySet());
        assertEquals(Set.of("page"), p.when().query().keySet());
    }

    @Test
    void whenNot() throws ConfigException {
        PolicyConfig p = policy("policy.x.carrier=ups", "policy.x.requests=1/1s", "policy.x.when.method=GET",
                "policy.x.when.not=TRUE");
        assertTrue(p.when().not());
        assertFalse(policy("policy.x.carrier=ups", "policy.x.requests=1/1s", "policy.x.when.not=false").when().not());
    }

    @Test
    void perPolicyAndCredential() throws ConfigException {
        assertEquals(Per.POLICY, policy("policy.x.carrier=ups", "policy.x.requests=1/1s", "policy.x.per=policy").per());
        assertEquals(Per.CREDENTIAL, policy("policy.x.carrier=ups", "policy.x.requests=1/1s", "policy.x.per=Credential").per());
    }

    @Test
    void perHeaderIsLowerCased() throws ConfigException {
        assertEquals(new Per.Header("x-tenant"),
                policy("policy.x.carrier=ups", "policy.x.requests=1/1s", "policy.x.per=header:X-Tenant").per());
    }

    @Test
    void perQueryKeepsTheNameAsWritten() throws ConfigException {
        assertEquals(new Per.Query("accountNumber"),
                policy("policy.x.carrier=ups", "policy.x.requests=1/1s", "policy.x.per=query:accountNumber").per());
    }

    @Test
    void perPathCountsLeadingSegments() throws ConfigException {
        assertEquals(new Per.PathPrefix(2), policy("policy.x.carrier=ups", "policy.x.requests=1/1s", "policy.x.per=path:2").per());
    }

    @Test
    void requestsTakeSeveralBands() throws ConfigException {
        PolicyConfig p = policy("policy.x.carrier=ups", "policy.x.requests=10/1s, 100/1m");
        assertEquals(List.of(new RateBand(10, Duration.ofSeconds(1)), new RateBand(100, Duration.ofMinutes(1))), p.requests());
    }

    @Test
    void bytesWithoutUnitAreBytes() throws ConfigException {
        assertEquals(new ByteRate(500, Duration.ofSeconds(1)), policy("policy.x.carrier=ups", "policy.x.bytes=500/1s").bytes());
    }

    @Test
    void bytesTakeDecimalAndBinaryUnits() throws ConfigException {
        assertEquals(new ByteRate(500, Duration.ofSeconds(1)), policy("policy.x.carrier=ups", "policy.x.bytes=500B/1s").bytes());
        assertEquals(new ByteRate(10_000, Duration.ofMinutes(1)), policy("policy.x.carrier=ups", "policy.x.bytes=10KB/1m").bytes());
        assertEquals(new ByteRate(10_000_000, Duration.ofMinutes(1)), policy("policy.x.carrier=ups", "policy.x.bytes=10 MB / 1m").bytes());
        assertEquals(new ByteRate(2_000_000_000, Duration.ofHours(1)), policy("policy.x.carrier=ups", "policy.x.bytes=2GB/1h").bytes());
        assertEquals(new ByteRate(64 * 1024, Duration.ofSeconds(1)), policy("policy.x.carrier=ups", "policy.x.bytes=64KiB/1s").bytes());
        assertEquals(new ByteRate(3L << 20, Duration.ofSeconds(1)), policy("policy.x.carrier=ups", "policy.x.bytes=3MiB/1s").bytes());
        assertEquals(new ByteRate(5L << 30, Duration.ofHours(1)), policy("policy.x.carrier=ups", "policy.x.bytes=5GiB/1h").bytes());
    }

    @Test
    void inFlight() throws ConfigException {
        assertEquals(8, policy("policy.x.carrier=ups", "policy.x.in-flight=8").inFlight());
    }

    @Test
    void inFlightPerHeaderCapsEachValue() throws ConfigException {
        PolicyConfig p = policy("policy.x.carrier=ups", "policy.x.in-flight=4", "policy.x.per=header:X-Tenant");
        assertEquals(4, p.inFlight());
        assertEquals(new Per.Header("x-tenant"), p.per());
    }

    @Test
    void limitsCombine() throws ConfigException {
        PolicyConfig p = policy("policy.x.carrier=ups", "policy.x.requests=10/1s", "policy.x.bytes=1MB/1s",
                "policy.x.in-flight=3");
        assertEquals(1, p.requests().size());
        assertEquals(1_000_000, p.bytes().bytes());
        assertEquals(3, p.inFlight());
    }

    @Test
    void maxWaitMayBeZero() throws ConfigException {
        assertEquals(Duration.ZERO, policy("policy.x.carrier=ups", "policy.x.requests=1/1s", "policy.x.max-wait=0s").maxWait());
        assertEquals(Duration.ofMillis(500), policy("policy.x.carrier=ups", "policy.x.requests=1/1s", "policy.x.max-wait=500ms").maxWait());
    }

    @Test
    void shadowMode() throws ConfigException {
        assertEquals(Mode.SHADOW, policy("policy.x.carrier=ups", "policy.x.requests=1/1s", "policy.x.mode=shadow").mode());
        assertEquals(Mode.ENFORCE, policy("policy.x.carrier=ups", "policy.x.requests=1/1s", "policy.x.mode=ENFORCE").mode());
    }

    @Test
    void aBlockingRuleNeedsNoLimit() throws ConfigException {
        PolicyConfig p = policy("policy.no-cancel.carrier=ups", "policy.no-cancel.action=block",
                "policy.no-cancel.when.method=DELETE", "policy.no-cancel.when.path=/ship/**");
        assertEquals(Action.BLOCK, p.action());
        assertEquals(List.of(), p.requests());
        assertEquals(Set.of("DELETE"), p.when().methods());
    }

    @Test
    void aBlockingRuleMayBeShadowed() throws ConfigException {
        PolicyConfig p = policy("policy.x.carrier=ups", "policy.x.action=block", "policy.x.mode=shadow");
        assertEquals(Action.BLOCK, p.action());
        assertEquals(Mode.SHADOW, p.mode());
    }

    @Test
    void actionLimitIsTheDefaultWrittenOut() throws ConfigException {
        assertEquals(Action.LIMIT, policy("policy.x.carrier=ups", "policy.x.requests=1/1s", "policy.x.action=limit").action());
    }

    @Test
    void enabledFalseKeepsThePolicySwitchedOff() throws ConfigException {
        PolicyConfig p = policy("policy.x.carrier=ups", "policy.x.requests=1/1s", "policy.x.enabled=false");
        assertFalse(p.enabled());
    }

    @Test
    void valuesAreSubstituted() throws ConfigException {
        assertEquals(List.of(new RateBand(7, Duration.ofSeconds(1))),
                policy("policy.x.carrier=ups", "policy.x.requests=${RATE:-7/1s}").requests());
    }

    @Test
    void policiesKeepTheFileOrder() throws ConfigException {
        List<PolicyConfig> policies = parse(UPS, "policy.b.carrier=ups", "policy.b.in-flight=1",
                "policy.a.carrier=ups", "policy.a.in-flight=1", "policy.b.max-wait=1s").policies();
        assertEquals(List.of("b", "a"), policies.stream().map(PolicyConfig::name).toList());
        assertEquals(Duration.ofSeconds(1), policies.get(0).maxWait());
    }
}
