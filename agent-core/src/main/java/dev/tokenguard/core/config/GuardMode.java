package dev.tokenguard.core.config;

import java.util.Locale;

/**
 * {@code tokenguard.mode}: whether the agent acts on carrier calls or only watches them.
 * {@link #OBSERVE} lets every call go exactly as the application made it and counts what
 * {@link #ENFORCE} would have done, so that a storm can be measured in production first.
 */
public enum GuardMode {
    ENFORCE, OBSERVE;

    /** The word users write and read: {@code enforce}, {@code observe}. */
    public String word() {
        return name().toLowerCase(Locale.ROOT);
    }

    /**
     * The mode a user wrote, in any case.
     *
     * @throws IllegalArgumentException naming the word and the two allowed
     */
    public static GuardMode of(String word) {
        for (GuardMode mode : values()) {
            if (mode.word().equalsIgnoreCase(word == null ? "" : word.trim())) {
                return mode;
            }
        }
        throw new IllegalArgumentException("mode must be enforce or observe, got '" + word + "'");
    }
}
