package dev.tokenguard.core.config;

import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * The keys users write. Every key is {@code tokenguard.<setting>}, {@code carrier.<id>.<property>} or
 * {@code policy.<name>.<property>}; anything else is an error, with a suggestion where a known key is
 * close.
 */
final class Keys {

    static final String ON_CONFIG_ERROR = "tokenguard.on-config-error";
    static final String LOG_LEVEL = "tokenguard.log.level";
    static final String LOG_FILE = "tokenguard.log.file";
    static final String STORE = "tokenguard.store";
    static final String STORE_PASSWORD = "tokenguard.store.password";
    static final String STORE_SENTINEL_PASSWORD = "tokenguard.store.sentinel-password";
    static final String STORE_KEY_STORE = "tokenguard.store.tls.key-store";
    static final String STORE_KEY_STORE_PASSWORD = "tokenguard.store.tls.key-store-password";
    static final String STORE_TRUST_STORE = "tokenguard.store.tls.trust-store";
    static final String STORE_TRUST_STORE_PASSWORD = "tokenguard.store.tls.trust-store-password";
    static final String CLUSTER_NAME = "tokenguard.cluster.name";
    static final String CLUSTER_EXPECTED_INSTANCES = "tokenguard.cluster.expected-instances";
    static final String METRICS_PORT = MetricsEndpoint.PORT_KEY;
    static final String METRICS_HOST = "tokenguard.metrics.host";
    static final String MODE = "tokenguard.mode";
    static final List<String> TOKENGUARD =
            List.of(ON_CONFIG_ERROR, LOG_LEVEL, LOG_FILE, STORE, STORE_PASSWORD, STORE_SENTINEL_PASSWORD, STORE_KEY_STORE,
                    STORE_KEY_STORE_PASSWORD, STORE_TRUST_STORE, STORE_TRUST_STORE_PASSWORD, CLUSTER_NAME,
                    CLUSTER_EXPECTED_INSTANCES, METRICS_PORT, METRICS_HOST, MODE);

    static final String CARRIER_PREFIX = "carrier.";
    static final String TOKEN_PARAM = "token-param.";
    static final List<String> CARRIER_PROPERTIES = List.of("preset", "api-hosts", "token-url", "client-id",
            "client-secret", "client-auth", "attach", "refresh-ahead", "min-interval", "token-rate", "token-wait",
            "token-timeout", "ban-status", "ban-duration", "kill-switch", "quota-group", "refusal-status", "retry-after-default");

    static final String POLICY_PREFIX = "policy.";
    static final String WHEN_HEADER = "when.header.";
    static final String WHEN_QUERY = "when.query.";
    static final List<String> POLICY_PROPERTIES = List.of("carrier", "when.method", "when.path", "when.not", "per",
            "requests", "bytes", "in-flight", "max-wait", "mode", "action", "enabled", "scope", "sync");
    private static final List<String> POLICY_PREFIXES = List.of(WHEN_HEADER, WHEN_QUERY);

    /** Carrier ids and policy names alike. */
    private static final Pattern CARRIER_ID = Pattern.compile("[a-z0-9-]+");
    /** An HTTP header name: RFC 9110's token characters. */
    static final Pattern HEADER_NAME = Pattern.compile("[A-Za-z0-9!#$%&'*+.^_`|~-]+");
    /** A query parameter name as applications write it ({@code page}, {@code filter[type]}), nothing that needs encoding. */
    static final Pattern QUERY_NAME = Pattern.compile("[A-Za-z0-9_.~\\[\\]-]+");
    /** A form field name: what FedEx and others use ({@code child_Key}), nothing that needs encoding. */
    private static final Pattern PARAM_NAME = Pattern.compile("[A-Za-z0-9_.-]+");
    private static final List<String> PARAMS_SET_ELSEWHERE = List.of("client_id", "client_secret");

    /** A key of a block, a carrier's or a policy's, taken apart. */
    sealed interface BlockKey permits CarrierKey, PolicyKey {
    }

    /** A {@code carrier.<id>.<property>} key taken apart; property includes {@code token-param.<name>}. */
    record CarrierKey(String id, String property) implements BlockKey {
    }

    /** A {@code policy.<name>.<property>} key taken apart; property includes {@code when.header.<Name>}. */
    record PolicyKey(String name, String property) implements BlockKey {
    }

    private Keys() {
    }

    /** @throws IllegalArgumentException for a key outside the {@code tokenguard.} namespace's settings */
    static void checkTokenguardKey(String key) {
        if (!TOKENGUARD.contains(key)) {
            throw new IllegalArgumentException("unknown key" + Suggestions.didYouMean(key, TOKENGUARD));
        }
    }

    /** @throws IllegalArgumentException for a key that is not a well-formed carrier key */
    static CarrierKey carrierKey(String key) {
        String rest = key.substring(CARRIER_PREFIX.length());
        int dot = rest.indexOf('.');
        if (dot <= 0 || dot == rest.length() - 1) {
            throw new IllegalArgumentException("a carrier key is carrier.<id>.<property>, e.g. carrier.fedex.preset");
        }
        String id = rest.substring(0, dot);
        String property = rest.substring(dot + 1);
        checkId("a carrier id", CARRIER_PREFIX, id, property);
        if (property.startsWith(TOKEN_PARAM)) {
            checkParamName(id, property.substring(TOKEN_PARAM.length()));
        } else if (!CARRIER_PROPERTIES.contains(property)) {
            int paramDot = property.indexOf('.');
            String closest = paramDot > 0 && Suggestions.distance(property.substring(0, paramDot + 1), TOKEN_PARAM) <= 2
                    ? TOKEN_PARAM + property.substring(paramDot + 1)
                    : Suggestions.closest(property, CARRIER_PROPERTIES);
            throw new IllegalArgumentException("unknown key"
                    + (closest == null ? "" : " (did you mean " + CARRIER_PREFIX + id + "." + closest + "?)"));
        }
        return new CarrierKey(id, property);
    }

    /** @throws IllegalArgumentException for a key that is not a well-formed policy key */
    static PolicyKey policyKey(String key) {
        String rest = key.substring(POLICY_PREFIX.length());
        int dot = rest.indexOf('.');
        if (dot <= 0 || dot == rest.length() - 1) {
            throw new IllegalArgumentException("a policy key is policy.<name>.<property>, e.g. policy.fedex-track.requests");
        }
        String name = rest.substring(0, dot);
        String property = rest.substring(dot + 1);
        checkId("a policy name", POLICY_PREFIX, name, property);
        if (property.startsWith(WHEN_HEADER)) {
            checkConditionName(property.substring(WHEN_HEADER.length()), HEADER_NAME, "header", "!#$%&'*+.^_`|~-", WHEN_HEADER + "X-Tenant");
        } else if (property.startsWith(WHEN_QUERY)) {
            checkConditionName(property.substring(WHEN_QUERY.length()), QUERY_NAME, "query parameter", "_.~[]-", WHEN_QUERY + "page");
        } else if (!POLICY_PROPERTIES.contains(property)) {
            throw new IllegalArgumentException("unknown key"
                    + didYouMean(POLICY_PREFIX + name + ".", closestPolicyProperty(property)));
        }
        return new PolicyKey(name, property);
    }

    /** {@code when.headers.X-Tenant} is closest to {@code when.header.X-Tenant}, whatever the name. */
    private static String closestPolicyProperty(String property) {
        for (String prefix : POLICY_PREFIXES) {
            int nameStart = property.indexOf('.', prefix.indexOf('.') + 1) + 1;
            if (nameStart > 0 && nameStart < property.length()
                    && Suggestions.distance(property.substring(0, nameStart), prefix) <= 2) {
                return prefix + property.substring(nameStart);
            }
        }
        return Suggestions.closest(property, POLICY_PROPERTIES);
    }

    /** @param others the characters other than letters and digits that {@code allowed} takes */
    private static void checkConditionName(String name, Pattern allowed, String what, String others, String example) {
        if (name.isEmpty()) {
            throw new IllegalArgumentException("name the " + what + " at the end of the key, e.g. " + example);
        }
        if (!allowed.matcher(name).matches()) {
            throw new IllegalArgumentException("a " + what + " name uses only letters, digits and " + others);
        }
    }

    private static void checkId(String what, String prefix, String id, String property) {
        if (!CARRIER_ID.matcher(id).matches()) {
            String lower = id.toLowerCase(Locale.ROOT);
            throw new IllegalArgumentException(what + " uses only a-z, 0-9 and '-'"
                    + (CARRIER_ID.matcher(lower).matches() ? " (did you mean " + prefix + lower + "." + property + "?)" : ""));
        }
    }

    private static String didYouMean(String keyPrefix, String closest) {
        return closest == null ? "" : " (did you mean " + keyPrefix + closest + "?)";
    }

    /** @throws IllegalArgumentException for a key outside the three namespaces */
    static void failOutsideNamespaces(String key) {
        int dot = key.indexOf('.');
        String hint = "";
        if (dot > 0) {
            String first = key.substring(0, dot);
            String rest = key.substring(dot);
            for (String namespace : List.of("carrier", "policy", "tokenguard")) {
                if (Suggestions.distance(first.toLowerCase(Locale.ROOT), namespace) <= 2) {
                    hint = " (did you mean " + namespace + rest + "?)";
                    break;
                }
            }
        }
        throw new IllegalArgumentException("unknown key" + (hint.isEmpty()
                ? "; keys start with carrier.<id>., policy.<name>. or tokenguard." : hint));
    }

    private static void checkParamName(String id, String name) {
        if (!PARAM_NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("a token parameter name uses only letters, digits, '_', '.' and '-'");
        }
        if (PARAMS_SET_ELSEWHERE.contains(name)) {
            throw new IllegalArgumentException(name + " is set by " + CARRIER_PREFIX + id + "."
                    + name.replace('_', '-') + ", not by a token parameter");
        }
    }
}
