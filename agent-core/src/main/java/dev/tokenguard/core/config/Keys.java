package dev.tokenguard.core.config;

import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * The keys users write. Every key is {@code tokenguard.<setting>} or {@code carrier.<id>.<property>};
 * anything else is an error, with a suggestion where a known key is close.
 */
final class Keys {

    static final String ON_CONFIG_ERROR = "tokenguard.on-config-error";
    static final String LOG_LEVEL = "tokenguard.log.level";
    static final String LOG_FILE = "tokenguard.log.file";
    static final String STORE = "tokenguard.store";
    static final String CLUSTER_NAME = "tokenguard.cluster.name";
    static final String CLUSTER_EXPECTED_INSTANCES = "tokenguard.cluster.expected-instances";
    static final List<String> TOKENGUARD =
            List.of(ON_CONFIG_ERROR, LOG_LEVEL, LOG_FILE, STORE, CLUSTER_NAME, CLUSTER_EXPECTED_INSTANCES);

    static final String CARRIER_PREFIX = "carrier.";
    static final String TOKEN_PARAM = "token-param.";
    static final List<String> CARRIER_PROPERTIES = List.of("preset", "api-hosts", "token-url", "client-id",
            "client-secret", "client-auth", "attach", "refresh-ahead", "min-interval", "token-rate", "token-wait",
            "token-timeout", "ban-status", "ban-duration", "kill-switch", "quota-group", "refusal-status", "retry-after-default");

    private static final Pattern CARRIER_ID = Pattern.compile("[a-z0-9-]+");
    /** A form field name: what FedEx and others use ({@code child_Key}), nothing that needs encoding. */
    private static final Pattern PARAM_NAME = Pattern.compile("[A-Za-z0-9_.-]+");
    private static final List<String> PARAMS_SET_ELSEWHERE = List.of("client_id", "client_secret");

    /** A {@code carrier.<id>.<property>} key taken apart; property includes {@code token-param.<name>}. */
    record CarrierKey(String id, String property) {
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
        if (!CARRIER_ID.matcher(id).matches()) {
            String lower = id.toLowerCase(Locale.ROOT);
            throw new IllegalArgumentException("a carrier id uses only a-z, 0-9 and '-'"
                    + (CARRIER_ID.matcher(lower).matches() ? " (did you mean " + CARRIER_PREFIX + lower + "." + property + "?)" : ""));
        }
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

    /** @throws IllegalArgumentException for a key outside both namespaces */
    static void failOutsideNamespaces(String key) {
        int dot = key.indexOf('.');
        String hint = "";
        if (dot > 0) {
            String first = key.substring(0, dot);
            String rest = key.substring(dot);
            for (String namespace : List.of("carrier", "tokenguard")) {
                if (Suggestions.distance(first.toLowerCase(Locale.ROOT), namespace) <= 2) {
                    hint = " (did you mean " + namespace + rest + "?)";
                    break;
                }
            }
        }
        throw new IllegalArgumentException("unknown key" + (hint.isEmpty()
                ? "; keys start with carrier.<id>. or tokenguard." : hint));
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
