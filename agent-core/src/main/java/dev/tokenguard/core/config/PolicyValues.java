package dev.tokenguard.core.config;

import dev.tokenguard.core.config.PolicyConfig.Per;
import dev.tokenguard.core.config.PolicyConfig.ValueMatch;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * Reads the values of a policy's keys that {@link Values} has no reader for. Each method throws
 * {@link IllegalArgumentException} with a message that quotes the value and says what was expected;
 * {@link PolicyBlock} adds key and line.
 */
final class PolicyValues {
    static final List<String> METHODS = List.of("GET", "HEAD", "POST", "PUT", "DELETE", "PATCH", "OPTIONS", "TRACE", "CONNECT");
    private static final List<String> PER_KINDS = List.of("policy", "credential", "header", "query", "path");
    private static final String PER_FORMS = "policy, credential, header:<Name>, query:<name> or path:<n>";

    private PolicyValues() {
    }

    /** A comma list of HTTP methods, upper-cased, each once. */
    static Set<String> methods(String value) {
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

    /** A comma list of {@link PathGlob}s, each once. */
    static List<PathGlob> paths(String value) {
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
    static ValueMatch match(String value) {
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

    /** {@code policy}, {@code credential}, {@code header:<Name>}, {@code query:<name>} or {@code path:<n>}. */
    static Per per(String value) {
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
