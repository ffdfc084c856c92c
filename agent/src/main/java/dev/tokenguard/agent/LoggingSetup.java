package dev.tokenguard.agent;

import dev.tokenguard.agent.logging.LogOutput;
import dev.tokenguard.agent.logging.LoggerLevels;
import dev.tokenguard.agent.logging.TokenguardLoggerFactory;
import dev.tokenguard.core.config.TokenguardConfig;
import dev.tokenguard.core.events.EventLog;
import java.io.IOException;
import org.slf4j.Logger;

/**
 * Configures the agent's own SLF4J binding ({@code dev.tokenguard.agent.logging}) from the
 * configuration, before any logger exists. A log file that cannot be opened is said in one line on
 * standard error, where the agent then logs: the agent still starts.
 */
final class LoggingSetup {

    private LoggingSetup() {}

    /**
     * Returns tokenguard's logger ({@value EventLog#LOGGER_NAME}), taken from the agent's factory
     * rather than through SLF4J, which binds only when something else asks it for a logger.
     */
    static Logger configure(TokenguardConfig config) {
        TokenguardLoggerFactory.configure(LoggerLevels.tokenguardAt(config.logLevel()), output(config.logFile()));
        return TokenguardLoggerFactory.shared().getLogger(EventLog.LOGGER_NAME);
    }

    private static LogOutput output(String logFile) {
        if (logFile == null) {
            return LogOutput.standardError();
        }
        try {
            return LogOutput.appendingTo(logFile);
        } catch (IOException e) {
            // The message names the file and the reason: "/var/log/tg.log (Permission denied)".
            System.err.println("tokenguard: cannot open the log file " + e.getMessage() + "; logging to standard error instead");
            return LogOutput.standardError();
        }
    }
}
