package dev.tokenguard.agent.logging;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import org.slf4j.ILoggerFactory;
import org.slf4j.Logger;

/**
 * Makes the agent's loggers, one per name. What they log and where is set by {@link #configure}
 * at premain, before the first logger exists; until then (the agent's unit tests) tokenguard's
 * loggers log from info, to standard error.
 */
public final class TokenguardLoggerFactory implements ILoggerFactory {

    private static volatile LoggerLevels levels = LoggerLevels.tokenguardAt("info");
    private static volatile LogOutput output = LogOutput.standardError();
    /**
     * The one factory: SLF4J's binding hands it out, and premain takes its logger from it directly,
     * so that logging the start line does not bind SLF4J (a service lookup and some 25 classes).
     */
    private static final TokenguardLoggerFactory SHARED = new TokenguardLoggerFactory();

    private final ConcurrentMap<String, Logger> loggers = new ConcurrentHashMap<>();

    public static TokenguardLoggerFactory shared() {
        return SHARED;
    }

    public static void configure(LoggerLevels levels, LogOutput output) {
        TokenguardLoggerFactory.levels = levels;
        TokenguardLoggerFactory.output = output;
    }

    @Override
    public Logger getLogger(String name) {
        Logger logger = loggers.get(name);
        if (logger != null) {
            return logger;
        }
        // No computeIfAbsent: its lambda would bootstrap the lambda machinery at premain, where the
        // start line is logged.
        Logger created = new TokenguardLogger(name, levels.of(name), output);
        Logger raced = loggers.putIfAbsent(name, created);
        return raced != null ? raced : created;
    }
}
