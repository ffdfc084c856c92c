package dev.tokenguard.core.config;

import static dev.tokenguard.core.config.ConfigTexts.error;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** Every error of a {@code policy.<name>.} block names the source, the line and the key, and says what is wrong. */
class PolicyErrorsTest {

    private static final String FEDEX = "carrier.fedex.preset=fedex";
    private static final String UPS = "carrier.ups.preset=ups";
    private static final String CARRIER = "policy.x.carrier=ups";
    private static final String LIMIT = "policy.x.requests=1/1s";

    private static void assertNames(ConfigException e, int line, String key, String problem) {
        assertEquals(line, e.line(), e.getMessage());
        assertEquals(key, e.key(), e.getMessage());
        assertTrue(e.getMessage().startsWith("Invalid tokenguard configuration (" + ConfigTexts.SOURCE
                + ", line " + line + ", " + key + "): "), e.getMessage());
        assertTrue(e.problem().contains(problem), e.getMessage());
        assertTrue(e.getMessage().indexOf('\n') < 0, "one line");
    }

    @Test
    void policyKeyWithoutPropertyIsAnError() {
        assertNames(error(UPS, "policy.x=1"), 2, "policy.x", "a policy key is policy.<name>.<property>");
    }

    @Test
    void policyNameWithCapitalsSuggestsTheLowerCaseOne() {
        assertNames(error(UPS, "policy.Tenant-Quota.carrier=ups"), 2, "policy.Tenant-Quota.carrier",
                "a policy name uses only a-z, 0-9 and '-' (did you mean policy.tenant-quota.carrier?)");
    }

    @Test
    void syncWithInstanceScopeOrScopeWithoutRequestsIsAnError() {
        assertNames(error(UPS, CARRIER, LIMIT, "policy.x.scope=instance", "policy.x.sync=exact"), 5, "policy.x.sync",
                "policy.x has scope=instance (line 4); remove one of them");
        assertNames(error(UPS, CARRIER, "policy.x.in-flight=3", "policy.x.scope=cluster"), 4, "policy.x.scope",
                "in-flight and bytes always count per instance");
        assertNames(error(UPS, CARRIER, LIMIT, "policy.x.sync=eventually"), 4, "policy.x.sync", "exact");
    }

    @Test
    void misspeltPropertySuggestsTheRightOne() {
        assertNames(error(UPS, "policy.x.request=1/1s"), 2, "policy.x.request", "unknown key (did you mean policy.x.requests?)");
        assertNames(error(UPS, "policy.x.inflight=1"), 2, "policy.x.inflight", "(did you mean policy.x.in-flight?)");
        assertNames(error(UPS, "policy.x.max_wait=1s"), 2, "policy.x.max_wait", "(did you mean policy.x.max-wait?)");
        assertNames(error(UPS, "policy.x.when.methods=GET"), 2, "policy.x.when.methods", "(did you mean policy.x.when.method?)");
    }

    @Test
    void misspeltConditionPrefixKeepsTheName() {
        assertNames(error(UPS, "policy.x.when.headers.X-Tenant=a"), 2, "policy.x.when.headers.X-Tenant",
                "unknown key (did you mean policy.x.when.header.X-Tenant?)");
        assertNames(error(UPS, "policy.x.when.querys.page=1"), 2, "policy.x.when.querys.page",
                "(did you mean policy.x.when.query.page?)");
    }

    @Test
    void unknownPropertyFarFromAnyGetsNoSuggestion() {
        ConfigException e = error(UPS, "policy.x.colour=blue");
        assertNames(e, 2, "policy.x.colour", "unknown key");
        assertFalse(e.problem().contains("did you mean"), e.getMessage());
    }

    @Test
    void misspeltPolicyNamespaceSuggestsTheRightOne() {
        assertNames(error(UPS, "polcy.x.carrier=ups"), 2, "polcy.x.carrier", "unknown key (did you mean policy.x.carrier?)");
    }

    @Test
    void conditionWithoutAName() {
        assertNames(error(UPS, "policy.x.when.header.=a"), 2, "policy.x.when.header.",
                "name the header at the end of the key, e.g. when.header.X-Tenant");
        assertNames(error(UPS, "policy.x.when.query.=a"), 2, "policy.x.when.query.",
                "name the query parameter at the end of the key, e.g. when.query.page");
    }

    @Test
    void headerNameWithForbiddenCharacters() {
        assertNames(error(UPS, "policy.x.when.header.X(Tenant)=a"), 2, "policy.x.when.header.X(Tenant)",
                "a header name uses only letters, digits and");
    }

    @Test
    void queryNameWithForbiddenCharacters() {
        assertNames(error(UPS, "policy.x.when.query.a&b=1"), 2, "policy.x.when.query.a&b",
                "a query parameter name uses only letters, digits and _.~[]-");
    }

    @Test
    void keyGivenTwice() {
        assertNames(error(UPS, CARRIER, LIMIT, "policy.x.requests=2/1s"), 4, "policy.x.requests", "given twice (first on line 3)");
    }

    @Test
    void headerConditionGivenTwiceInAnotherCase() {
        assertNames(error(UPS, CARRIER, LIMIT, "policy.x.when.header.X-Tenant=a", "policy.x.when.header.x-tenant=b"), 5,
                "policy.x.when.header.x-tenant",
                "given twice (first on line 4 as policy.x.when.header.X-Tenant); header names ignore case");
    }

    @Test
    void emptyValue() {
        assertNames(error(UPS, CARRIER, "policy.x.requests="), 3, "policy.x.requests", "empty value");
    }

    @Test
    void carrierMissing() {
        assertNames(error(UPS, FEDEX, LIMIT), 3, "policy.x.carrier",
                "missing: name the carrier whose API calls this policy covers (ups, fedex), or * for all");
    }

    @Test
    void aMisspeltPresetPolicyNameSuggestsThePresetsPolicy() {
        assertNames(error(FEDEX, "policy.fedex-apl.requests=1000/10s"), 2, "policy.fedex-apl.carrier",
                "missing: name the carrier whose API calls this policy covers (fedex), or * for all"
                        + " (or did you mean policy.fedex-api, a preset's policy?)");
    }

    @Test
    void carrierNotConfiguredNamesTheConfiguredOnes() {
        assertNames(error(UPS, FEDEX, LIMIT, "policy.x.carrier=fedx"), 4, "policy.x.carrier",
                "\"fedx\" is not a configured carrier; configured: ups, fedex, or * for all (did you mean fedex?)");
    }

    @Test
    void unknownMethodSuggestsTheClosest() {
        assertNames(error(UPS, CARRIER, LIMIT, "policy.x.when.method=GET,PSOT"), 4, "policy.x.when.method",
                "\"PSOT\" is not an HTTP method (GET, HEAD, POST, PUT, DELETE, PATCH, OPTIONS, TRACE, CONNECT) (did you mean POST?)");
    }

    @Test
    void methodListedTwice() {
        assertNames(error(UPS, CARRIER, LIMIT, "policy.x.when.method=get,GET"), 4, "policy.x.when.method", "GET is listed twice");
    }

    @Test
    void pathGlobWithoutLeadingSlash() {
        assertNames(error(UPS, CARRIER, LIMIT, "policy.x.when.path=ship/**"), 4, "policy.x.when.path",
                "a path glob starts with '/', such as /ship/v1/**: ship/**");
    }

    @Test
    void pathGlobWithTripleStar() {
        assertNames(error(UPS, CARRIER, LIMIT, "policy.x.when.path=/ship/***"), 4, "policy.x.when.path", "never ***");
    }

    @Test
    void pathListedTwice() {
        assertNames(error(UPS, CARRIER, LIMIT, "policy.x.when.path=/a/**, /a/**"), 4, "policy.x.when.path", "/a/** is listed twice");
    }

    @Test
    void badRegexGivesThePatternsMessage() {
        assertNames(error(UPS, CARRIER, LIMIT, "policy.x.when.header.X-Tenant=~acme-(eu"), 4, "policy.x.when.header.X-Tenant",
                "\"acme-(eu\" is not a regular expression: Unclosed group near index 8");
        assertNames(error(UPS, CARRIER, LIMIT, "policy.x.when.query.page=~*"), 4, "policy.x.when.query.page",
                "\"*\" is not a regular expression: Dangling meta character '*' near index 0");
    }

    @Test
    void tildeAloneIsNoRegex() {
        assertNames(error(UPS, CARRIER, LIMIT, "policy.x.when.query.page=~"), 4, "policy.x.when.query.page",
                "'~' starts a regular expression; write one after it");
    }

    @Test
    void whenNotTakesTrueOrFalse() {
        assertNames(error(UPS, CARRIER, LIMIT, "policy.x.when.not=yes"), 4, "policy.x.when.not", "\"yes\" is not one of false, true");
    }

    @Test
    void whenNotWithoutConditionsWouldMatchNothing() {
        assertNames(error(UPS, CARRIER, LIMIT, "policy.x.when.not=true"), 4, "policy.x.when.not",
                "when.not=true inverts the conditions, but policy.x has none: it would match no call");
    }

    @Test
    void unknownPerSuggestsTheClosest() {
        assertNames(error(UPS, CARRIER, LIMIT, "policy.x.per=credentials"), 4, "policy.x.per",
                "\"credentials\" is not one of policy, credential, header:<Name>, query:<name> or path:<n> (did you mean credential?)");
        assertNames(error(UPS, CARRIER, LIMIT, "policy.x.per=tenant"), 4, "policy.x.per", "is not one of policy, credential");
    }

    @Test
    void perHeaderWithoutAName() {
        assertNames(error(UPS, CARRIER, LIMIT, "policy.x.per=header:"), 4, "policy.x.per",
                "\"header:\": name what to count by, as in header:X-Tenant");
        assertNames(error(UPS, CARRIER, LIMIT, "policy.x.per=query"), 4, "policy.x.per", "as in query:account");
    }

    @Test
    void perHeaderWithABadName() {
        assertNames(error(UPS, CARRIER, LIMIT, "policy.x.per=header:X Tenant"), 4, "policy.x.per",
                "\"header:X Tenant\": \"X Tenant\" is not a header name");
        assertNames(error(UPS, CARRIER, LIMIT, "policy.x.per=query:a=b"), 4, "policy.x.per", "is not a query parameter name");
    }

    @Test
    void perCredentialTakesNothingAfterIt() {
        assertNames(error(UPS, CARRIER, LIMIT, "policy.x.per=credential:id"), 4, "policy.x.per",
                "per=credential takes nothing after it");
    }

    @Test
    void perPathNeedsAtLeastOneSegment() {
        assertNames(error(UPS, CARRIER, LIMIT, "policy.x.per=path:0"), 4, "policy.x.per",
                "path:<n> counts by the first n path segments; n is a whole number of at least 1");
        assertNames(error(UPS, CARRIER, LIMIT, "policy.x.per=path:one"), 4, "policy.x.per", "n is a whole number of at least 1");
    }

    @Test
    void badRequestsBand() {
        assertNames(error(UPS, CARRIER, "policy.x.requests=10 a second"), 3, "policy.x.requests", "is not a rate band");
        assertNames(error(UPS, CARRIER, "policy.x.requests=0/1s"), 3, "policy.x.requests", "allows no calls");
        assertNames(error(UPS, CARRIER, "policy.x.requests=1/1s,2/1s"), 3, "policy.x.requests", "two bands with the period 1s");
    }

    @Test
    void bytesWithoutPeriod() {
        assertNames(error(UPS, CARRIER, "policy.x.bytes=10MB"), 3, "policy.x.bytes",
                "\"10MB\" is not a byte rate; write size/period, e.g. 10MB/1m");
    }

    @Test
    void bytesWithAnUnknownUnitSuggestsTheClosest() {
        assertNames(error(UPS, CARRIER, "policy.x.bytes=10mb/1s"), 3, "policy.x.bytes",
                "\"10mb\" is not a size (unknown unit \"mb\" (did you mean MB?)); write a whole number and an optional unit"
                        + " (B, KB, MB, GB, KiB, MiB, GiB)");
    }

    @Test
    void bytesThatAreNoSize() {
        assertNames(error(UPS, CARRIER, "policy.x.bytes=lots/1s"), 3, "policy.x.bytes", "\"lots\" is not a size");
        assertNames(error(UPS, CARRIER, "policy.x.bytes=1.5MB/1s"), 3, "policy.x.bytes", "\"1.5MB\" is not a size");
    }

    @Test
    void bytesOfZero() {
        assertNames(error(UPS, CARRIER, "policy.x.bytes=0KB/1s"), 3, "policy.x.bytes", "\"0KB\" is no bytes; a size is at least 1B");
    }

    @Test
    void bytesTooLarge() {
        assertNames(error(UPS, CARRIER, "policy.x.bytes=99999999999GiB/1s"), 3, "policy.x.bytes", "is too large a size");
    }

    @Test
    void bytesWithABadPeriod() {
        assertNames(error(UPS, CARRIER, "policy.x.bytes=10MB/1x"), 3, "policy.x.bytes",
                "period of \"10MB/1x\": \"1x\" is not a duration (unknown unit \"x\")");
        assertNames(error(UPS, CARRIER, "policy.x.bytes=10MB/0s"), 3, "policy.x.bytes", "\"0s\" must be longer than zero");
    }

    @Test
    void inFlightOfZero() {
        assertNames(error(UPS, CARRIER, "policy.x.in-flight=0"), 3, "policy.x.in-flight", "\"0\" is less than 1");
        assertNames(error(UPS, CARRIER, "policy.x.in-flight=many"), 3, "policy.x.in-flight", "\"many\" is not a whole number");
    }

    @Test
    void maxWaitWithoutUnit() {
        assertNames(error(UPS, CARRIER, LIMIT, "policy.x.max-wait=2"), 4, "policy.x.max-wait", "\"2\" has no unit");
    }

    @Test
    void unknownModeSuggestsTheClosest() {
        assertNames(error(UPS, CARRIER, LIMIT, "policy.x.mode=shadw"), 4, "policy.x.mode",
                "\"shadw\" is not one of enforce, shadow (did you mean shadow?)");
    }

    @Test
    void unknownAction() {
        assertNames(error(UPS, CARRIER, LIMIT, "policy.x.action=deny"), 4, "policy.x.action", "\"deny\" is not one of limit, block");
    }

    @Test
    void enabledTakesTrueOrFalse() {
        assertNames(error(UPS, CARRIER, LIMIT, "policy.x.enabled=off"), 4, "policy.x.enabled", "\"off\" is not one of false, true");
    }

    @Test
    void aLimitPolicyWithoutALimit() {
        assertNames(error(UPS, "policy.x.when.method=GET", CARRIER), 2, "policy.x.requests",
                "policy.x has no limit: add requests=, bytes= or in-flight=, or action=block");
    }

    @Test
    void aDisabledPolicyIsCheckedAllTheSame() {
        assertNames(error(UPS, CARRIER, "policy.x.enabled=false"), 2, "policy.x.requests", "policy.x has no limit");
    }

    @Test
    void aBlockingRuleTakesNoLimit() {
        assertNames(error(UPS, CARRIER, "policy.x.action=block", "policy.x.requests=1/1s"), 4, "policy.x.requests",
                "a blocking rule (action=block, line 3) refuses every matching call; it takes no requests");
        assertNames(error(UPS, CARRIER, "policy.x.action=block", "policy.x.bytes=1MB/1s"), 4, "policy.x.bytes", "it takes no bytes");
        assertNames(error(UPS, CARRIER, "policy.x.action=block", "policy.x.in-flight=1"), 4, "policy.x.in-flight", "it takes no in-flight");
    }

    @Test
    void aBlockingRuleTakesNoPerNorMaxWait() {
        assertNames(error(UPS, CARRIER, "policy.x.per=credential", "policy.x.action=block"), 3, "policy.x.per", "it takes no per");
        assertNames(error(UPS, CARRIER, "policy.x.action=block", "policy.x.max-wait=1s"), 4, "policy.x.max-wait", "it takes no max-wait");
    }

    @Test
    void aPresetsPolicyCannotBecomeABlockingRule() {
        assertNames(error(FEDEX, "policy.fedex-api.action=block"), 2, "policy.fedex-api.action",
                "policy.fedex-api is the quota carrier fedex's preset brings, and cannot become a blocking rule;"
                        + " write the rule under a name of its own, such as policy.fedex-block");
    }
}
