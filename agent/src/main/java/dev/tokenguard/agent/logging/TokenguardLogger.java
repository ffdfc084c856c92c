package dev.tokenguard.agent.logging;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.slf4j.Marker;
import org.slf4j.event.Level;
import org.slf4j.helpers.LegacyAbstractLogger;
import org.slf4j.helpers.MessageFormatter;

/**
 * One named logger of the agent. Its lines read as slf4j-simple's did, which users and tests rely
 * on: {@code 2026-12-04T06:19:22.068Z [thread] LEVEL logger-name - message}, then the throwable's
 * stack trace if there is one. Markers are not shown: the agent logs none.
 */
final class TokenguardLogger extends LegacyAbstractLogger {

    private static final long serialVersionUID = 1L;
    private static final String LINE_SEPARATOR = System.lineSeparator();

    private final int threshold;
    private final transient LogOutput output;

    TokenguardLogger(String name, Level level, LogOutput output) {
        this.name = name;
        this.threshold = level.toInt();
        this.output = output;
    }

    @Override
    public boolean isTraceEnabled() {
        return threshold <= Level.TRACE.toInt();
    }

    @Override
    public boolean isDebugEnabled() {
        return threshold <= Level.DEBUG.toInt();
    }

    @Override
    public boolean isInfoEnabled() {
        return threshold <= Level.INFO.toInt();
    }

    @Override
    public boolean isWarnEnabled() {
        return threshold <= Level.WARN.toInt();
    }

    @Override
    public boolean isErrorEnabled() {
        return threshold <= Level.ERROR.toInt();
    }

    @Override
    protected String getFullyQualifiedCallerName() {
        return null;
    }

    @Override
    protected void handleNormalizedLoggingCall(Level level, Marker marker, String pattern, Object[] arguments,
            Throwable throwable) {
        StringBuilder line = new StringBuilder(128);
        UtcTimestamp.append(line, System.currentTimeMillis());
        line.append(" [").append(Thread.currentThread().getName()).append("] ")
                .append(level.name()).append(' ').append(name).append(" - ")
                .append(MessageFormatter.basicArrayFormat(pattern, arguments))
                .append(LINE_SEPARATOR);
        if (throwable != null) {
            StringWriter trace = new StringWriter();
            throwable.printStackTrace(new PrintWriter(trace));
            line.append(trace);
        }
        output.write(line.toString());
    }
}
