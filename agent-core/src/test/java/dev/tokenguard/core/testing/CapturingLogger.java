package dev.tokenguard.core.testing;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.stream.Collectors;
import org.slf4j.Marker;
import org.slf4j.event.Level;
import org.slf4j.helpers.LegacyAbstractLogger;
import org.slf4j.helpers.MessageFormatter;

/** An SLF4J logger named {@code tokenguard} that keeps what is logged at or above a level. */
public final class CapturingLogger extends LegacyAbstractLogger {
    public record Line(Level level, String message, Throwable error) {
        /** The message and, if any, the whole stack trace with every cause's message. */
        public String fullText() {
            if (error == null) {
                return message;
            }
            StringWriter trace = new StringWriter();
            error.printStackTrace(new PrintWriter(trace));
            return message + "\n" + trace;
        }
    }

    private final Level threshold;
    private final Queue<Line> lines = new ConcurrentLinkedQueue<>();

    public CapturingLogger(Level threshold) {
        this.threshold = threshold;
        this.name = "tokenguard";
    }

    public List<Line> lines() {
        return List.copyOf(lines);
    }

    public List<String> messages(Level level) {
        return lines.stream().filter(l -> l.level == level).map(Line::message).collect(Collectors.toList());
    }

    public String allText() {
        return lines.stream().map(Line::fullText).collect(Collectors.joining("\n"));
    }

    public void clear() {
        lines.clear();
    }

    private boolean enabled(Level level) {
        return level.toInt() >= threshold.toInt();
    }

    @Override
    protected String getFullyQualifiedCallerName() {
        return null;
    }

    @Override
    protected void handleNormalizedLoggingCall(Level level, Marker marker, String pattern, Object[] arguments,
            Throwable throwable) {
        lines.add(new Line(level, MessageFormatter.basicArrayFormat(pattern, arguments), throwable));
    }

    @Override
    public boolean isTraceEnabled() {
        return enabled(Level.TRACE);
    }

    @Override
    public boolean isDebugEnabled() {
        return enabled(Level.DEBUG);
    }

    @Override
    public boolean isInfoEnabled() {
        return enabled(Level.INFO);
    }

    @Override
    public boolean isWarnEnabled() {
        return enabled(Level.WARN);
    }

    @Override
    public boolean isErrorEnabled() {
        return enabled(Level.ERROR);
    }
}
