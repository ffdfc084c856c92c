package dev.tokenguard.agent.logging;

import java.io.FileOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

/**
 * Where log lines go: standard error, or a file they are appended to. Each line, with its stack
 * trace, arrives whole and is written in one piece, so that lines of different threads never
 * interleave.
 */
public final class LogOutput {

    /** Null for standard error, looked up on each line so that a later {@code System.setErr} is followed. */
    private final OutputStream file;

    private LogOutput(OutputStream file) {
        this.file = file;
    }

    public static LogOutput standardError() {
        return new LogOutput(null);
    }

    /**
     * Appends to {@code path}, creating the file if it does not exist; several JVMs may share it,
     * since each line is one write to a file opened for appending.
     */
    public static LogOutput appendingTo(String path) throws IOException {
        return new LogOutput(new FileOutputStream(path, true));
    }

    void write(String text) {
        if (file == null) {
            // PrintStream holds its own lock for the whole string.
            PrintStream err = System.err;
            err.print(text);
            err.flush();
            return;
        }
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        synchronized (this) {
            try {
                file.write(bytes);
            } catch (IOException e) {
                // A full disk must not fail the application's request that logged: dropped, as
                // PrintStream drops it.
            }
        }
    }
}
