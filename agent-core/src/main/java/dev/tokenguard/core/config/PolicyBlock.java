package dev.tokenguard.core.config;

import dev.tokenguard.core.config.PolicyConfig.Action;
import dev.tokenguard.core.config.PolicyConfig.ByteRate;
import dev.tokenguard.core.config.PolicyConfig.Conditions;
import dev.tokenguard.core.config.PolicyConfig.Mode;
import dev.tokenguard.core.config.PolicyConfig.Origin;
import dev.tokenguard.core.config.PolicyConfig.Per;
import dev.tokenguard.core.config.PolicyConfig.ValueMatch;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

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
    static final List<String> METHODS = List.of("GET", "HEAD", "POST", "PUT", "DELETE", "PATCH", "OPTIONS", "TRACE", "CONNECT");
    private static final List<String> PER_KINDS = List.of("policy", "credential", "header", "query", "path");
    private static final String PER_FORMS = "policy, credential, header:<Name>, query:<name> or path:<n>";
    /** The keys only a limit uses, in the order a blocking rule's error names them. */
    private static final List<String> LIMIT_ONLY = List.of("requests", "bytes", "in-flight", "per", "max-wait");

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
            headers.put(property.substring(Keys.WHEN_HEADER.length()).toLowerCase(Locale.ROOT), valueMatch(value));
            return;
        }
        if (property.startsWith(Keys.WHEN_QUERY)) {
            query.put(property.substring(Keys.WHEN_QUERY.length()), valueMatch(value));
            return;
        }
        switch (property) {
            case "carrier" -> carrier = value;
            case "when.method" -> methods = methods(value);
            case "when.path" -> paths = paths(value);
            case "when.not" -> not = Values.trueFalse(value);
            case "per" -> per = per(value);
            case "requests" -> requests = Values.rate(value);
            case "bytes" -> bytes = Values.byteRate(value);
            case "in-flight" -> inFlight = Values.atLeastOne(value);
            case "max-wait" -> maxWait = Values.duration(value, true);
            case "mode" -> mode = Values.choice(value, Mode.class);
            case "action" -> action = Values.choice(value, Action.class);
            case "enabled" -> enabled = Values.trueFalse(value);
            default -> throw new IllegalStateException("Keys let through an unhandled property " + property);
        }
    }

    /**
     * @param carrierIds the configured carriers, for {@code carrier}
     * @param preset     the preset's policy of this name, or null where no preset brings one
     */
    PolicyConfig build(List<String> carrierIds, PolicyConfig preset) throws ConfigException {
        PolicyConfig base = preset != null ? preset : defaults();
        if (preset != null && action == Action.BLOCK) {
            throw source.error(lineOf("action"), key("action"), "policy." + name + " is the quota carrier "
                    + preset.carrier() + "'s preset brings, and cannot become a blocking rule; write the rule under a"
                    + " name of its own, such as policy." + preset.carrier() + "-block");
        }
        if (carrier == null && preset == null) {
            throw source.error(firstLine, key("carrier"), "missing: name the carrier whose API calls this policy covers ("
                    + String.join(", ", carrierIds) + "), or * for all");
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
                preset != null ? Origin.PRESET : Origin.USER,
                firstLine);
    }

    private PolicyConfig defaults() {
        return new PolicyConfig(name, PolicyConfig.ALL_CARRIERS, Conditions.ANY, Per.POLICY, List.of(), null, 0,
                PolicyConfig.DEFAULT_MAX_WAIT, Mode.ENFORCE, Action.LIMIT, true, Origin.USER, firstLine);
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

    private static Set<String> methods(String value) {
        Set<String> methods = new LinkedHashSet<>();
        for (String part : value.split(",", -1)) {
            String method = part.trim().toUpperCase(Locale.ROOT);
            if (!METHODS.contains(method)) {
                throw new IllegalArgumentException(quote(part.trim()) + " is not an HTTP method (" + String.join(", ", METHODS)
                        + ")" + Suggestions.didYouMean(method, METHODS));
            }
            if (!methods.add(method)) {
                throw new IllegalArgumentException(method + " is listed twice");
            }
        }
        return methods;
    }

    private static List<PathGlob> paths(String value) {
        List<PathGlob> paths = new ArrayList<>();
        for (String part : value.split(",", -1)) {
            PathGlob glob = PathGlob.compile(part.trim());
            if (paths.contains(glob)) {
                throw new IllegalArgumentException(glob + " is listed twice");
            }
            paths.add(glob);
        }
        return paths;
    }

    /** An exact value, or {@code ~regex} matching the whole value. */
    private static ValueMatch valueMatch(String value) {
        if (!value.startsWith("~")) {
            return new ValueMatch(value, null);
        }
        String regex = value.substring(1);
        if (regex.isEmpty()) {
            throw new IllegalArgumentException("'~' starts a regular expression; write one after it, e.g. ~acme-.*");
        }
        try {
            return new ValueMatch(null, Pattern.compile(regex));
        } catch (PatternSyntaxException e) {
            // getMessage() spans three lines (pattern and caret); a configuration error is one line.
            throw new IllegalArgumentException(quote(regex) + " is not a regular expression: " + e.getDescription()
                    + (e.getIndex() >= 0 ? " near index " + e.getIndex() : ""));
        }
    }

    private static Per per(String value) {
        int colon = value.indexOf(':');
        String kind = (colon < 0 ? value : value.substring(0, colon)).trim().toLowerCase(Locale.ROOT);
        String argument = colon < 0 ? null : value.substring(colon + 1).trim();
        switch (kind) {
            case "policy", "credential" -> {
                if (argument != null) {
                    throw new IllegalArgumentException(quote(value) + ": per=" + kind + " takes nothing after it");
                }
                return kind.equals("policy") ? Per.POLICY : Per.CREDENTIAL;
            }
            case "header", "query", "path" -> {
                if (argument == null || argument.isEmpty()) {
                    throw new IllegalArgumentException(quote(value) + ": name what to count by, as in " + example(kind));
                }
                return switch (kind) {
                    case "header" -> new Per.Header(checked(argument, Keys.HEADER_NAME, "a header name", value).toLowerCase(Locale.ROOT));
                    case "query" -> new Per.Query(checked(argument, Keys.QUERY_NAME, "a query parameter name", value));
                    default -> new Per.PathPrefix(segments(argument, value));
                };
            }
            default -> throw new IllegalArgumentException(quote(value) + " is not one of " + PER_FORMS
                    + Suggestions.didYouMean(kind, PER_KINDS));
        }
    }

    private static String example(String kind) {
        return switch (kind) {
            case "header" -> "header:X-Tenant";
            case "query" -> "query:account";
            default -> "path:1";
        };
    }

    private static String checked(String argument, Pattern allowed, String what, String value) {
        if (!allowed.matcher(argument).matches()) {
            throw new IllegalArgumentException(quote(value) + ": " + quote(argument) + " is not " + what);
        }
        return argument;
    }

    private static int segments(String argument, String value) {
        if (!argument.matches("[0-9]{1,9}") || Integer.parseInt(argument) < 1) {
            throw new IllegalArgumentException(quote(value) + ": path:<n> counts by the first n path segments;"
                    + " n is a whole number of at least 1, e.g. path:1");
        }
        return Integer.parseInt(argument);
    }

    private static String quote(String value) {
        return "\"" + value + "\"";
    }
}
