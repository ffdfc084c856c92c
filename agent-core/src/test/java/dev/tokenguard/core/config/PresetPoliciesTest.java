package dev.tokenguard.core.config;

import static dev.tokenguard.core.config.ConfigTexts.parse;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tokenguard.core.config.PolicyConfig.Action;
import dev.tokenguard.core.config.PolicyConfig.Conditions;
import dev.tokenguard.core.config.PolicyConfig.Mode;
import dev.tokenguard.core.config.PolicyConfig.Origin;
import dev.tokenguard.core.config.PolicyConfig.Per;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The policies presets bring, and a file's blocks overriding or switching them off. */
class PresetPoliciesTest {

    private static final List<RateBand> FEDEX_QUOTA = List.of(new RateBand(1400, Duration.ofSeconds(10)));
    private static final List<RateBand> USPS_QUOTA = List.of(new RateBand(60, Duration.ofHours(1)));

    private static List<String> names(TokenguardConfig config) {
        return config.policies().stream().map(PolicyConfig::name).toList();
    }

    @Test
    void fedexBringsItsTransactionQuotaPerCredential() throws ConfigException {
        PolicyConfig p = parse("carrier.fedex.preset=fedex").policies().get(0);
        assertEquals("fedex-api", p.name());
        assertEquals("fedex", p.carrier());
        assertEquals(Conditions.ANY, p.when());
        assertEquals(Per.CREDENTIAL, p.per());
        assertEquals(FEDEX_QUOTA, p.requests());
        assertEquals(null, p.bytes());
        assertEquals(0, p.inFlight());
        assertEquals(PolicyConfig.DEFAULT_MAX_WAIT, p.maxWait());
        assertEquals(Mode.ENFORCE, p.mode());
        assertEquals(Action.LIMIT, p.action());
        assertTrue(p.enabled());
        assertEquals(Origin.PRESET, p.origin());
        assertEquals(0, p.line());
    }

    @Test
    void thePolicyIsNamedAfterTheCarrierId() throws ConfigException {
        PolicyConfig p = parse("carrier.fedex-sandbox.preset=fedex",
                "carrier.fedex-sandbox.api-hosts=apis-sandbox.fedex.com").policies().get(0);
        assertEquals("fedex-sandbox-api", p.name());
        assertEquals("fedex-sandbox", p.carrier());
    }

    @Test
    void uspsBringsItsHourlyQuotaPerApiProduct() throws ConfigException {
        PolicyConfig p = parse("carrier.usps.preset=usps").policies().get(0);
        assertEquals("usps-api", p.name());
        assertEquals("usps", p.carrier());
        assertEquals(new Per.PathPrefix(1), p.per());
        assertEquals(USPS_QUOTA, p.requests());
        assertEquals(PolicyConfig.DEFAULT_MAX_WAIT, p.maxWait());
        assertEquals(Origin.PRESET, p.origin());
    }

    @Test
    void upsAndGenericBringNone() throws ConfigException {
        assertEquals(List.of(), parse("carrier.ups.preset=ups").policies());
        assertEquals(List.of(), parse("carrier.acme.token-url=https://auth.acme.example/token",
                "carrier.acme.api-hosts=api.acme.example").policies());
    }

    @Test
    void presetsPoliciesComeFirstInCarrierOrderThenTheFilesInOrder() throws ConfigException {
        TokenguardConfig config = parse(
                "policy.tenants.carrier=*", "policy.tenants.in-flight=10",
                "carrier.usps.preset=usps",
                "carrier.ups.preset=ups",
                "carrier.fedex.preset=fedex",
                "policy.cancel.carrier=ups", "policy.cancel.action=block");
        assertEquals(List.of("usps-api", "fedex-api", "tenants", "cancel"), names(config));
    }

    @Test
    void aBlockOverridesOnlyTheKeysItNames() throws ConfigException {
        PolicyConfig p = parse("carrier.fedex.preset=fedex", "policy.fedex-api.requests=1000/10s",
                "policy.fedex-api.mode=shadow").policies().get(0);
        assertEquals(List.of(new RateBand(1000, Duration.ofSeconds(10))), p.requests());
        assertEquals(Mode.SHADOW, p.mode());
        assertEquals("fedex", p.carrier());
        assertEquals(Per.CREDENTIAL, p.per());
        assertEquals(PolicyConfig.DEFAULT_MAX_WAIT, p.maxWait());
    }

    @Test
    void anOverriddenPresetsPolicyKeepsItsPlaceAndOriginAndTakesTheBlocksLine() throws ConfigException {
        TokenguardConfig config = parse("carrier.fedex.preset=fedex", "policy.mine.carrier=fedex",
                "policy.mine.in-flight=5", "policy.fedex-api.max-wait=0s");
        assertEquals(List.of("fedex-api", "mine"), names(config));
        PolicyConfig p = config.policies().get(0);
        assertEquals(Duration.ZERO, p.maxWait());
        assertEquals(Origin.PRESET, p.origin());
        assertEquals(4, p.line());
    }

    @Test
    void aBlockAddsConditionsAndLimitsToThePresets() throws ConfigException {
        PolicyConfig p = parse("carrier.usps.preset=usps", "policy.usps-api.when.path=/addresses/**, /prices/**",
                "policy.usps-api.in-flight=4").policies().get(0);
        assertEquals(List.of(PathGlob.compile("/addresses/**"), PathGlob.compile("/prices/**")), p.when().paths());
        assertEquals(4, p.inFlight());
        assertEquals(USPS_QUOTA, p.requests());
    }

    @Test
    void aBlockMayChangeWhatOneCounterCovers() throws ConfigException {
        PolicyConfig p = parse("carrier.fedex.preset=fedex", "policy.fedex-api.per=policy").policies().get(0);
        assertEquals(Per.POLICY, p.per());
    }

    @Test
    void enabledFalseSwitchesThePresetsPolicyOff() throws ConfigException {
        List<PolicyConfig> policies = parse("carrier.fedex.preset=fedex", "policy.fedex-api.enabled=false").policies();
        assertEquals(1, policies.size());
        assertFalse(policies.get(0).enabled());
        assertEquals(FEDEX_QUOTA, policies.get(0).requests());
    }

    @Test
    void aBlockNamedAfterACarrierWithoutAPresetPolicyIsAnOrdinaryPolicy() throws ConfigException {
        PolicyConfig p = parse("carrier.ups.preset=ups", "policy.ups-api.carrier=ups", "policy.ups-api.requests=100/1s")
                .policies().get(0);
        assertEquals(Origin.USER, p.origin());
        assertEquals(Per.POLICY, p.per());
    }

    @Test
    void aBlockForAPresetPolicyNeedsNoCarrierKeyButMayNameIt() throws ConfigException {
        PolicyConfig p = parse("carrier.fedex.preset=fedex", "policy.fedex-api.carrier=fedex",
                "policy.fedex-api.when.method=POST").policies().get(0);
        assertEquals("fedex", p.carrier());
        assertEquals(Set.of("POST"), p.when().methods());
    }

    @Test
    void twoPresetCarriersBringOnePolicyEach() throws ConfigException {
        TokenguardConfig config = parse("carrier.fedex.preset=fedex", "carrier.fedex-eu.preset=fedex",
                "carrier.fedex-eu.api-hosts=apis-eu.fedex.example");
        assertEquals(List.of("fedex-api", "fedex-eu-api"), names(config));
    }
}
