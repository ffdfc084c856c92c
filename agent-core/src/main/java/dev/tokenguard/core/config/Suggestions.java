package dev.tokenguard.core.config;

import java.util.Collection;
import java.util.Locale;

/** "Did you mean" hints for misspelt keys and values. */
final class Suggestions {

    private Suggestions() {
    }

    /** {@link #closest} as {@code " (did you mean X?)"}, or an empty string where none is close. */
    static String didYouMean(String written, Collection<String> candidates) {
        String closest = closest(written, candidates);
        return closest == null ? "" : " (did you mean " + closest + "?)";
    }

    /**
     * The candidate closest to what was written, ignoring case: within an edit distance that grows
     * with the length (1 up to 7 characters, 2 up to 11, else 3), or else one starting with what was
     * written ({@code api-hosts} for {@code api-host}); null where none is close.
     */
    static String closest(String written, Collection<String> candidates) {
        int allowed = Math.max(1, Math.min(3, written.length() / 4));
        String best = null;
        int bestDistance = Integer.MAX_VALUE;
        for (String candidate : candidates) {
            int distance = distance(written.toLowerCase(Locale.ROOT), candidate.toLowerCase(Locale.ROOT));
            if (distance < bestDistance) {
                best = candidate;
                bestDistance = distance;
            }
        }
        if (bestDistance <= allowed) {
            return best;
        }
        if (written.length() >= 4) {
            for (String candidate : candidates) {
                if (candidate.startsWith(written)) {
                    return candidate;
                }
            }
        }
        return null;
    }

    /** Optimal string alignment distance: Levenshtein's, with a swap of neighbours counting one. */
    static int distance(String a, String b) {
        int[][] d = new int[a.length() + 1][b.length() + 1];
        for (int i = 0; i <= a.length(); i++) {
            d[i][0] = i;
        }
        for (int j = 0; j <= b.length(); j++) {
            d[0][j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                d[i][j] = Math.min(Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1), d[i - 1][j - 1] + cost);
                if (i > 1 && j > 1 && a.charAt(i - 1) == b.charAt(j - 2) && a.charAt(i - 2) == b.charAt(j - 1)) {
                    d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
                }
            }
        }
        return d[a.length()][b.length()];
    }
}
