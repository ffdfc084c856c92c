package dev.tokenguard.core.config;

import dev.tokenguard.core.config.TokenguardConfig.OnConfigError;

/**
 * A configuration that cannot be used, as a whole: the agent never guards part of one. The message
 * is one line naming the source, the line number and the key where they are known, for example
 * {@code Invalid tokenguard configuration (/etc/app/tokenguard.properties, line 12,
 * carrier.fedex.min-interval): "1x" is not a duration (...)}. It never holds a secret's value.
 *
 * <p>The exception also carries the file's {@code tokenguard.on-config-error} setting, read before
 * any other line, so that the agent knows whether to stop the JVM or start it unguarded even when
 * another line is wrong. Where the setting could not be read (no file, an unreadable file, a bad
 * value of the setting itself) it is {@link OnConfigError#FAIL}.
 */
public final class ConfigException extends Exception {

    private static final long serialVersionUID = 1L;

    private final String source;
    private final int line;
    private final String key;
    private final String problem;
    private final OnConfigError onConfigError;

    /**
     * @param source        the file or other origin; null where none is known yet
     * @param line          the 1-based line number; 0 where the problem has no single line
     * @param key           the key at fault; null where none
     * @param problem       what is wrong and, where possible, how to fix it; must not hold a secret
     * @param onConfigError what the agent should do about it
     */
    public ConfigException(String source, int line, String key, String problem, OnConfigError onConfigError) {
        super(format(source, line, key, problem));
        this.source = source;
        this.line = line;
        this.key = key;
        this.problem = problem;
        this.onConfigError = onConfigError;
    }

    /** The file or other origin, or null. */
    public String source() {
        return source;
    }

    /** The 1-based line number, or 0. */
    public int line() {
        return line;
    }

    /** The key at fault, or null. */
    public String key() {
        return key;
    }

    /** The message without its location. */
    public String problem() {
        return problem;
    }

    /** Whether the agent should stop the JVM ({@code FAIL}) or start it unguarded ({@code PASS}). */
    public OnConfigError onConfigError() {
        return onConfigError;
    }

    private static String format(String source, int line, String key, String problem) {
        StringBuilder where = new StringBuilder();
        if (source != null) {
            where.append(source);
        }
        if (line > 0) {
            where.append(where.length() > 0 ? ", " : "").append("line ").append(line);
        }
        if (key != null) {
            where.append(where.length() > 0 ? ", " : "").append(key);
        }
        return "Invalid tokenguard configuration" + (where.length() > 0 ? " (" + where + ")" : "") + ": " + problem;
    }
}
