package dev.tokenguard.core.config;

import java.util.regex.Pattern;

/**
 * A {@code when.path} glob, matched against a request's whole path (its query aside): {@code *} is any
 * run of characters within one segment, {@code **} any run across segments, {@code ?} one character
 * other than {@code /}; every other character stands for itself. A trailing {@code /**} also matches the
 * path without it, so {@code /ship/**} covers {@code /ship} as well as everything under it.
 */
public final class PathGlob {
    private final String glob;
    private final Pattern pattern;

    private PathGlob(String glob, Pattern pattern) {
        this.glob = glob;
        this.pattern = pattern;
    }

    /** @throws IllegalArgumentException where the glob does not start with {@code /} or holds {@code ***} */
    public static PathGlob compile(String glob) {
        if (!glob.startsWith("/")) {
            throw new IllegalArgumentException("a path glob starts with '/', such as /ship/v1/**: " + glob);
        }
        if (glob.contains("***")) {
            throw new IllegalArgumentException("a path glob has * or **, never ***: " + glob);
        }
        StringBuilder regex = new StringBuilder(glob.length() + 16);
        int i = 0;
        while (i < glob.length()) {
            char c = glob.charAt(i);
            if (glob.startsWith("/**", i) && i + 3 == glob.length()) {
                regex.append("(?:/.*)?");
                i += 3;
            } else if (glob.startsWith("**", i)) {
                regex.append(".*");
                i += 2;
            } else if (c == '*') {
                regex.append("[^/]*");
                i++;
            } else if (c == '?') {
                regex.append("[^/]");
                i++;
            } else {
                if ("\\.[]{}()<>+-=!|^$".indexOf(c) >= 0) {
                    regex.append('\\');
                }
                regex.append(c);
                i++;
            }
        }
        return new PathGlob(glob, Pattern.compile(regex.toString()));
    }

    public boolean matches(String path) {
        return pattern.matcher(path).matches();
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
