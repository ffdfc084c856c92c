package dev.tokenguard.agent;

import dev.tokenguard.core.config.TokenguardConfig;

/**
 * Configures the bundled slf4j-simple through its system properties, before any logger exists.
 *
 * <p>The names are written as slf4j-simple documents them, but the shade plugin rewrites string
 * constants that start with {@code org.slf4j} along with the classes, so in the agent jar they read
 * {@code dev.tokenguard.shaded.slf4j.simpleLogger.*}: the application's own SLF4J neither sees nor
 * sets them (checked by {@code AgentJarIT}). Levels apply to tokenguard's loggers, whose names start
 * with {@code tokenguard} or {@code dev.tokenguard}; anything else logging through the bundled
 * SLF4J is held at warn, the bundled libraries too (Jedis logs as
 * {@code dev.tokenguard.shaded.redis.clients...} once relocated).
 */
final class LoggingSetup {

    private LoggingSetup() {}

    static void configure(TokenguardConfig config) {
        System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "warn");
        System.setProperty("org.slf4j.simpleLogger.log.tokenguard", config.logLevel());
        System.setProperty("org.slf4j.simpleLogger.log.dev.tokenguard", config.logLevel());
        System.setProperty("org.slf4j.simpleLogger.log.dev.tokenguard.shaded", "warn");
        System.setProperty("org.slf4j.simpleLogger.logFile", config.logFile() == null ? "System.err" : config.logFile());
        System.setProperty("org.slf4j.simpleLogger.showDateTime", "true");
        System.setProperty("org.slf4j.simpleLogger.dateTimeFormat", "yyyy-MM-dd'T'HH:mm:ss.SSSXXX");
    }
}
