package dev.tokenguard.core.policy;

import dev.tokenguard.core.config.PolicyConfig;
import dev.tokenguard.core.http.OutboundRequest;

/** Reads what a policy's conditions and its {@code per} look at in a request: path segments, query values. */
final class RequestKeys {
    /** The key of calls that lack what {@code per} looks at (no such header, no broker token). */
    static final String NONE = "(none)";

    private RequestKeys() {}

    static String path(OutboundRequest request) {
        String path = request.uri().getRawPath();
        return path == null || path.isEmpty() ? "/" : path;
    }

    /** The first value of query parameter {@code name} as written (not decoded), or null. */
    static String query(OutboundRequest request, String name) {
        String query = request.uri().getRawQuery();
        if (query == null) {
            return null;
        }
        int start = 0;
        while (start <= query.length()) {
            int end = query.indexOf('&', start);
            if (end < 0) {
                end = query.length();
            }
            int eq = query.indexOf('=', start);
            int nameEnd = eq >= 0 && eq < end ? eq : end;
            if (nameEnd - start == name.length() && query.startsWith(name, start)) {
                return nameEnd == end ? "" : query.substring(nameEnd + 1, end);
            }
            start = end + 1;
        }
        return null;
    }

    /** The first {@code segments} segments of the path, {@code /prices/v3} for 2 of {@code /prices/v3/total-rates/search}. */
    static String pathPrefix(OutboundRequest request, int segments) {
        String path = path(request);
        int end = 0;
        for (int i = 0; i < segments; i++) {
            int next = path.indexOf('/', end + 1);
            if (next < 0) {
                return path;
            }
            end = next;
        }
        return path.substring(0, end);
    }

    static boolean matches(PolicyConfig.Conditions when, OutboundRequest request) {
        boolean all = methodMatches(when, request) && pathMatches(when, request)
                && headersMatch(when, request) && queryMatches(when, request);
        return all != when.not();
    }

    private static boolean methodMatches(PolicyConfig.Conditions when, OutboundRequest request) {
        return when.methods().isEmpty() || when.methods().contains(request.method().toUpperCase(java.util.Locale.ROOT));
    }

    private static boolean pathMatches(PolicyConfig.Conditions when, OutboundRequest request) {
        if (when.paths().isEmpty()) {
            return true;
        }
        String path = path(request);
        for (int i = 0; i < when.paths().size(); i++) {
            if (when.paths().get(i).matches(path)) {
                return true;
            }
        }
        return false;
    }

    private static boolean headersMatch(PolicyConfig.Conditions when, OutboundRequest request) {
        if (when.headers().isEmpty()) {
            return true;
        }
        for (var e : when.headers().entrySet()) {
            if (!e.getValue().matches(request.headers().first(e.getKey()))) {
                return false;
            }
        }
        return true;
    }

    private static boolean queryMatches(PolicyConfig.Conditions when, OutboundRequest request) {
        if (when.query().isEmpty()) {
            return true;
        }
        for (var e : when.query().entrySet()) {
            if (!e.getValue().matches(query(request, e.getKey()))) {
                return false;
            }
        }
        return true;
    }

    /** The request's own bytes: the buffered body's length, else {@code Content-Length}, else 0. */
    static long requestBytes(OutboundRequest request) {
        if (request.body() != null) {
            return request.body().length;
        }
        return contentLength(request.headers().first("content-length"));
    }

    static long contentLength(String value) {
        if (value == null) {
            return 0;
        }
        try {
            return Math.max(0, Long.parseLong(value.trim()));
        } catch (NumberFormatException e) {
            return 0;
        }
    }
}
