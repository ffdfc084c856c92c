package dev.tokenguard.agent.logging;

import java.util.Locale;
import org.slf4j.event.Level;

/**
 * The level each logger logs from: tokenguard's own loggers, named {@code tokenguard} or
 * {@code dev.tokenguard} and below, at the configured level; everything else at warn, the libraries
 * the agent bundles too (Jedis logs as {@code dev.tokenguard.shaded.redis.clients...} once
 * relocated). A name is below another when it continues it after a dot, as in slf4j-simple.
 */
public final class LoggerLevels {

    private static final String SHADED = "dev.tokenguard.shaded";

    private final Level tokenguard;

    private LoggerLevels(Level tokenguard) {
        this.tokenguard = tokenguard;
    }

    /** @param level one of trace, debug, info, warn, error, in any case */
    public static LoggerLevels tokenguardAt(String level) {
        return new LoggerLevels(Level.valueOf(level.toUpperCase(Locale.ROOT)));
    }

    Level of(String loggerName) {
        if (isAtOrBelow(loggerName, SHADED)) {
            return Level.WARN;
        }
        return isAtOrBelow(loggerName, "tokenguard") || isAtOrBelow(loggerName, "dev.tokenguard") ? tokenguard : Level.WARN;
    }

    private static boolean isAtOrBelow(String name, String ancestor) {
        return name.startsWith(ancestor) && (name.length() == ancestor.length() || name.charAt(ancestor.length()) == '.');
    }
}
