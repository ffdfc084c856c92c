package dev.tokenguard.core.config;

import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * Expands references in a value: {@code ${NAME}} is the environment variable NAME,
 * {@code ${sys:name}} the system property name, and either may end in {@code :-default}, used
 * where the variable is unset or empty (as in a POSIX shell). {@code $${} stands for a literal
 * {@code ${}. What a reference expands to is not expanded again. Messages name the variable but
 * never quote the value, which may be a secret.
 */
final class Substitution {

    private static final Pattern ENV_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");
    private static final Pattern PROPERTY_NAME = Pattern.compile("[^\\s{}$]+");
    private static final String SYS = "sys:";
    private static final String DEFAULT = ":-";

    private final Function<String, String> environment;
    private final Function<String, String> systemProperties;

    Substitution(Function<String, String> environment, Function<String, String> systemProperties) {
        this.environment = environment;
        this.systemProperties = systemProperties;
    }

    /** @throws IllegalArgumentException for a malformed reference or an unset variable without a default */
    String apply(String value) {
        StringBuilder out = new StringBuilder(value.length());
        int i = 0;
        while (i < value.length()) {
            if (value.startsWith("$${", i)) {
                out.append("${");
                i += 3;
            } else if (value.startsWith("${", i)) {
                int close = value.indexOf('}', i + 2);
                if (close < 0) {
                    throw new IllegalArgumentException("a '${' has no closing '}'");
                }
                out.append(resolve(value.substring(i + 2, close)));
                i = close + 1;
            } else {
                out.append(value.charAt(i++));
            }
        }
        return out.toString();
    }

    private String resolve(String reference) {
        int dash = reference.indexOf(DEFAULT);
        String name = dash < 0 ? reference : reference.substring(0, dash);
        String fallback = dash < 0 ? null : reference.substring(dash + DEFAULT.length());
        boolean property = name.startsWith(SYS);
        String what;
        String found;
        if (property) {
            String propertyName = name.substring(SYS.length());
            if (!PROPERTY_NAME.matcher(propertyName).matches()) {
                throw new IllegalArgumentException("'${" + SYS + "...}' needs a system property name");
            }
            what = "system property " + propertyName;
            found = systemProperties.apply(propertyName);
        } else {
            if (!ENV_NAME.matcher(name).matches()) {
                throw new IllegalArgumentException(
                        "a '${...}' reference needs an environment variable name (letters, digits, '_') or sys:property");
            }
            what = "environment variable " + name;
            found = environment.apply(name);
        }
        if (found != null && !found.isEmpty()) {
            return found;
        }
        if (fallback != null) {
            return fallback;
        }
        throw new IllegalArgumentException(what + (found == null ? " is not set" : " is empty")
                + " (a default can follow ':-', as in ${NAME:-default})");
    }
}
