package dev.tokenguard.core.config;

/**
 * A {@code when.path} glob, matched against a request's whole path (its query aside): {@code *} is any
 * run of characters within one segment, {@code **} any run across segments, {@code ?} one character
 * other than {@code /}; every other character stands for itself. A trailing {@code /**} also matches the
 * path without it, so {@code /ship/**} covers {@code /ship} as well as everything under it.
 */
public final class PathGlob {
    private final String glob;

    private PathGlob(String glob) {
        this.glob = glob;
    }

    /** @throws IllegalArgumentException where the glob does not start with {@code /} or holds {@code ***} */
    public static PathGlob compile(String glob) {
        if (!glob.startsWith("/")) {
            throw new IllegalArgumentException("a path glob starts with '/', such as /ship/v1/**: " + glob);
        }
        if (glob.contains("***")) {
            throw new IllegalArgumentException("a path glob has * or **, never ***: " + glob);
        }
        return new PathGlob(glob);
    }

    /**
     * Matched without a regex {@code Matcher}: a policy's path condition is looked at on every carrier
     * call, and this allocates nothing.
     */
    public boolean matches(String path) {
        return matches(0, path, 0);
    }

    private boolean matches(int g, String path, int p) {
        while (g < glob.length()) {
            if (g + 3 == glob.length() && glob.startsWith("/**", g)) {
                return p == path.length() || path.charAt(p) == '/';
            }
            char c = glob.charAt(g);
            if (c == '*') {
                boolean across = g + 1 < glob.length() && glob.charAt(g + 1) == '*';
                int rest = g + (across ? 2 : 1);
                for (int k = p; k <= path.length(); k++) {
                    if (matches(rest, path, k)) {
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

    @Override
    public boolean equals(Object o) {
        return o instanceof PathGlob other && glob.equals(other.glob);
    }

    @Override
    public int hashCode() {
        return glob.hashCode();
    }

    @Override
    public String toString() {
        return glob;
    }
}
