package dev.tokenguard.core.policy;

import dev.tokenguard.core.config.PathGlob;

/**
 * Matches a path against a {@link PathGlob}'s text as {@code PathGlob#matches} does, without a regex
 * {@code Matcher}: a policy's path condition is looked at on every carrier call, and this allocates
 * nothing. {@code *} is any run within one segment, {@code **} any run, {@code ?} one character other
 * than {@code /}, and a trailing {@code /**} also matches the path without it.
 */
final class Globs {
    private Globs() {}

    static boolean matches(PathGlob glob, String path) {
        return matches(glob.toString(), 0, path, 0);
    }

    static boolean matches(String glob, int g, String path, int p) {
        while (g < glob.length()) {
            if (g + 3 == glob.length() && glob.startsWith("/**", g)) {
                return p == path.length() || path.charAt(p) == '/';
            }
            char c = glob.charAt(g);
            if (c == '*') {
                boolean across = g + 1 < glob.length() && glob.charAt(g + 1) == '*';
                int rest = g + (across ? 2 : 1);
                for (int k = p; k <= path.length(); k++) {
                    if (matches(glob, rest, path, k)) {
                        return true;
                    }
                    if (k < path.length() && !across && path.charAt(k) == '/') {
                        return false;
                    }
                }
                return false;
            }
            if (p >= path.length()) {
                return false;
            }
            char at = path.charAt(p);
            if (c == '?' ? at == '/' : c != at) {
                return false;
            }
            g++;
            p++;
        }
        return p == path.length();
    }
}
