package dev.tokenguard.agent.logging;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;
import org.slf4j.event.Level;

class LoggerLevelsTest {

    private final LoggerLevels levels = LoggerLevels.tokenguardAt("debug");

    @Test
    void tokenguardsLoggersLogAtTheConfiguredLevel() {
        assertEquals(Level.DEBUG, levels.of("tokenguard"));
        assertEquals(Level.DEBUG, levels.of("tokenguard.agent"));
        assertEquals(Level.DEBUG, levels.of("dev.tokenguard"));
        assertEquals(Level.DEBUG, levels.of("dev.tokenguard.core.broker.TokenBroker"));
    }

    @Test
    void bundledLibrariesLogAtWarn() {
        assertEquals(Level.WARN, levels.of("dev.tokenguard.shaded"));
        assertEquals(Level.WARN, levels.of("dev.tokenguard.shaded.redis.clients.jedis.JedisPool"));
    }

    @Test
    void everyOtherNameLogsAtWarn() {
        assertEquals(Level.WARN, levels.of("tokenguardian"));
        assertEquals(Level.WARN, levels.of("dev.tokenguardx.Foo"));
        assertEquals(Level.WARN, levels.of("com.example.App"));
        assertEquals(Level.WARN, levels.of(""));
    }

    @Test
    void theLevelIsReadInAnyCase() {
        assertEquals(Level.ERROR, LoggerLevels.tokenguardAt("ERROR").of("tokenguard"));
        assertEquals(Level.TRACE, LoggerLevels.tokenguardAt("trace").of("tokenguard"));
    }
}
