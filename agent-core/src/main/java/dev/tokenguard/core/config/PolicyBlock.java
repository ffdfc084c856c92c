package dev.tokenguard.core.config;

import dev.tokenguard.core.config.PolicyConfig.Action;
import dev.tokenguard.core.config.PolicyConfig.ByteRate;
import dev.tokenguard.core.config.PolicyConfig.Conditions;
import dev.tokenguard.core.config.PolicyConfig.Mode;
import dev.tokenguard.core.config.PolicyConfig.Origin;
import dev.tokenguard.core.config.PolicyConfig.Per;
import dev.tokenguard.core.config.PolicyConfig.ValueMatch;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * One policy's keys as they are read, each value checked on its own line, then the
 * {@link PolicyConfig} they make: over the preset's policy of the same name where a carrier's preset
 * brings one (every key given replaces the preset's, the others stay), else over the defaults
 * ({@code per=policy}, {@code max-wait=2s}, {@code mode=enforce}, {@code action=limit},
 * {@code enabled=true}, no conditions, no limits).
 *
 * <p>A limit policy needs at least one of {@code requests}, {@code bytes} and {@code in-flight}; a
 * blocking rule ({@code action=block}) takes none of them, nor {@code per} or {@code max-wait}, which
 * only limits use, and a preset's policy cannot become one. {@code in-flight} with a {@code per}
 * other than {@code policy} caps each counter on its own (so many calls per tenant, say).
 */
final class PolicyBlock {
    /** The keys only a limit uses, in the order a blocking rule's error names them. */
    private static final List<String> LIMIT_ONLY = List.of("requests", "bytes", "in-flight", "per", "max-wait", "scope",
            "sync");

    private final String name;
    private final int firstLine;
    private final ConfigSource source;
    private final Map<String, Integer> lines = new HashMap<>();

    private String carrier;
    private Set<String> methods;
    private List<PathGlob> paths;
    private final Map<String, ValueMatch> headers = new LinkedHashMap<>();
    private final Map<String, ValueMatch> query = new LinkedHashMap<>();
    private Boolean not;
    private Per per;
    private List<RateBand> requests;
    private ByteRate bytes;
    private Integer inFlight;
    private Duration maxWait;
    private Mode mode;
    private Action action;
    private Boolean enabled;
    private PolicyConfig.Scope scope;
    private PolicyConfig.Sync sync;

    PolicyBlock(String name, int firstLine, ConfigSource source) {
        this.name = name;
        this.firstLine = firstLine;
        this.source = source;
    }

    /** @param property a known policy property, as {@link Keys#policyKey} lets through */
    void accept(int line, String property, String value) throws ConfigException {
        if (property.startsWith(Keys.WHEN_HEADER)) {
            // Header names ignore case, so X-Tenant and x-tenant are one condition.
            for (Map.Entry<String, Integer> earlier : lines.entrySet()) {
                if (earlier.getKey().equalsIgnoreCase(property)) {
                    throw source.error(line, key(property), "given twice (first on line " + earlier.getValue()
                            + " as " + key(earlier.getKey()) + "); header names ignore case");
                }
            }
        }
        lines.put(property, line);
        try {
            read(property, value);
        } catch (IllegalArgumentException e) {
            throw source.error(line, key(property), e.getMessage());
        }
    }

    private void read(String property, String value) {
        if (property.startsWith(Keys.WHEN_HEADER)) {
            headers.put(property.substring(Keys.WHEN_HEADER.length()).toLowerCase(Locale.ROOT), PolicyValues.match(value));
            return;
        }
        if (property.startsWith(Keys.WHEN_QUERY)) {
            query.put(property.substring(Keys.WHEN_QUERY.length()), PolicyValues.match(value));
            return;
        }
        switch (property) {
            case "carrier" -> carrier = value;
            case "when.method" -> methods = PolicyValues.methods(value);
            case "when.path" -> paths = PolicyValues.paths(value);
            case "when.not" -> not = Values.trueFalse(value);
            case "per" -> per = PolicyValues.per(value);
            case "requests" -> requests = Values.rate(value);
            case "bytes" -> bytes = Values.byteRate(value);
            case "in-flight" -> inFlight = Values.atLeastOne(value);
            case "max-wait" -> maxWait = Values.duration(value, true);
            case "mode" -> mode = Values.choice(value, Mode.class);
            case "action" -> action = Values.choice(value, Action.class);
            case "enabled" -> enabled = Values.trueFalse(value);
            case "scope" -> scope = Values.choice(value, PolicyConfig.Scope.class);
            case "sync" -> sync = Values.choice(value, PolicyConfig.Sync.class);
            default -> throw new IllegalStateException("Keys let through an unhandled property " + property);
        }
    }

    /**
     * @param carrierIds the configured carriers, for {@code carrier}
     * @param preset     the preset's policy of this name, or null where no preset brings one
     * @param presetNames the names of every preset's policy, to suggest one where a block meant to
     *                   change it is misspelt (and so names no carrier)
     */
    PolicyConfig build(List<String> carrierIds, PolicyConfig preset, List<String> presetNames) throws ConfigException {
        PolicyConfig base = preset != null ? preset : defaults();
        if (preset != null && action == Action.BLOCK) {
            throw source.error(lineOf("action"), key("action"), "policy." + name + " is the quota carrier "
                    + preset.carrier() + "'s preset brings, and cannot become a blocking rule; write the rule under a"
                    + " name of its own, such as policy." + preset.carrier() + "-block");
        }
        if (carrier == null && preset == null) {
            String closest = Suggestions.closest(name, presetNames);
            throw source.error(firstLine, key("carrier"), "missing: name the carrier whose API calls this policy covers ("
                    + String.join(", ", carrierIds) + "), or * for all"
                    + (closest == null ? "" : " (or did you mean policy." + closest + ", a preset's policy?)"));
        }
        String carrierId = carrier != null ? carrier : base.carrier();
        if (!carrierId.equals(PolicyConfig.ALL_CARRIERS) && !carrierIds.contains(carrierId)) {
            throw source.error(lineOf("carrier"), key("carrier"), "\"" + carrierId + "\" is not a configured carrier;"
                    + " configured: " + String.join(", ", carrierIds) + ", or * for all" + Suggestions.didYouMean(carrierId, carrierIds));
        }
        Action chosenAction = action != null ? action : base.action();
        List<RateBand> chosenRequests = requests != null ? requests : base.requests();
        ByteRate chosenBytes = bytes != null ? bytes : base.bytes();
        int chosenInFlight = inFlight != null ? inFlight : base.inFlight();
        if (chosenAction == Action.BLOCK) {
            for (String property : LIMIT_ONLY) {
                if (lines.containsKey(property)) {
                    throw source.error(lines.get(property), key(property), "a blocking rule (action=block, line "
                            + lineOf("action") + ") refuses every matching call; it takes no " + property);
                }
            }
        } else if (chosenRequests.isEmpty() && chosenBytes == null && chosenInFlight == 0) {
            throw source.error(firstLine, key("requests"), "policy." + name
                    + " has no limit: add requests=, bytes= or in-flight=, or action=block");
        }
        if (lines.containsKey("sync") && (scope != null ? scope : base.scope()) == PolicyConfig.Scope.INSTANCE) {
            throw source.error(lines.get("sync"), key("sync"), "sync decides how a cluster-scoped policy counts in the"
                    + " cluster's store, but policy." + name + " has scope=instance (line " + lineOf("scope")
                    + "); remove one of them");
        }
        if (lines.containsKey("scope") && chosenRequests.isEmpty()) {
            throw source.error(lines.get("scope"), key("scope"), "scope says where the requests bands count, and policy."
                    + name + " has none; in-flight and bytes always count per instance");
        }
        Conditions when = conditions(base.when());
        if (when.not() && when.methods().isEmpty() && when.paths().isEmpty() && when.headers().isEmpty()
                && when.query().isEmpty()) {
            throw source.error(lineOf("when.not"), key("when.not"), "when.not=true inverts the conditions, but policy."
                    + name + " has none: it would match no call; add when. conditions or remove when.not");
        }
        return new PolicyConfig(
                name,
                carrierId,
                when,
                per != null ? per : base.per(),
                chosenRequests,
                chosenBytes,
                chosenInFlight,
                maxWait != null ? maxWait : base.maxWait(),
                mode != null ? mode : base.mode(),
                chosenAction,
                enabled != null ? enabled : base.enabled(),
                scope != null ? scope : base.scope(),
                sync != null ? sync : base.sync(),
                preset != null ? Origin.PRESET : Origin.USER,
                firstLine);
    }

    /** A policy of the file's alone; its carrier is never used, since such a block must name one. */
    private PolicyConfig defaults() {
        return new PolicyConfig(name, PolicyConfig.ALL_CARRIERS, Conditions.ANY, Per.POLICY, List.of(), null, 0,
                PolicyConfig.DEFAULT_MAX_WAIT, Mode.ENFORCE, Action.LIMIT, true, PolicyConfig.DEFAULT_SCOPE,
                PolicyConfig.DEFAULT_SYNC, Origin.USER, firstLine);
    }

    /** The block's conditions over the base's: each key given replaces, header and query names add. */
    private Conditions conditions(Conditions base) {
        Map<String, ValueMatch> allHeaders = new LinkedHashMap<>(base.headers());
        allHeaders.putAll(headers);
        Map<String, ValueMatch> allQuery = new LinkedHashMap<>(base.query());
        allQuery.putAll(query);
        return new Conditions(
                methods != null ? methods : base.methods(),
                paths != null ? paths : base.paths(),
                allHeaders,
                allQuery,
                not != null ? not : base.not());
    }

    private int lineOf(String property) {
        return lines.getOrDefault(property, firstLine);
    }

    private String key(String property) {
        return Keys.POLICY_PREFIX + name + "." + property;
    }
}
