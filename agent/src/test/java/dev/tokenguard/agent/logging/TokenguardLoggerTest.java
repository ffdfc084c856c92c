package dev.tokenguard.agent.logging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.event.Level;

class TokenguardLoggerTest {

    private static final Pattern TIMESTAMP = Pattern.compile("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z");

    @TempDir
    Path dir;

    @Test
    void aLineReadsTimestampThreadLevelNameAndMessage() throws IOException {
        Path file = dir.resolve("tokenguard.log");

        logger("tokenguard", Level.INFO, file).info("fedex: {} renewals suppressed, {} real", 12, 1);

        List<String> lines = Files.readAllLines(file);
        assertEquals(1, lines.size(), lines.toString());
        String line = lines.get(0);
        String timestamp = line.substring(0, line.indexOf(' '));
        assertTrue(TIMESTAMP.matcher(timestamp).matches(), line);
        assertEquals(" [" + Thread.currentThread().getName() + "] INFO tokenguard - fedex: 12 renewals suppressed, 1 real",
                line.substring(timestamp.length()));
    }

    @Test
    void aThrowableLastArgumentIsPrintedAsAStackTraceAfterTheLine() throws IOException {
        Path file = dir.resolve("tokenguard.log");

        logger("tokenguard.agent", Level.INFO, file).warn("hook {} failed", "okhttp", new IllegalStateException("boom"));

        List<String> lines = Files.readAllLines(file);
        assertTrue(lines.get(0).endsWith(" WARN tokenguard.agent - hook okhttp failed"), lines.get(0));
        assertEquals("java.lang.IllegalStateException: boom", lines.get(1));
        assertTrue(lines.get(2).startsWith("\tat " + TokenguardLoggerTest.class.getName()), lines.get(2));
    }

    @Test
    void levelsBelowTheLoggersAreNeitherEnabledNorWritten() throws IOException {
        Path file = dir.resolve("tokenguard.log");
        Logger logger = logger("tokenguard", Level.WARN, file);

        logger.info("not written");
        logger.error("written");

        assertFalse(logger.isInfoEnabled());
        assertTrue(logger.isWarnEnabled());
        List<String> lines = Files.readAllLines(file);
        assertEquals(1, lines.size(), lines.toString());
        assertTrue(lines.get(0).endsWith(" ERROR tokenguard - written"), lines.get(0));
    }

    @Test
    void theFileIsAppendedToNotReplaced() throws IOException {
        Path file = Files.writeString(dir.resolve("tokenguard.log"), "an earlier run\n");

        logger("tokenguard", Level.INFO, file).info("this run");

        List<String> lines = Files.readAllLines(file);
        assertEquals("an earlier run", lines.get(0));
        assertTrue(lines.get(1).endsWith(" INFO tokenguard - this run"), lines.get(1));
    }

    @Test
    void linesOfConcurrentThreadsNeverInterleave() throws Exception {
        Path file = dir.resolve("tokenguard.log");
        Logger logger = logger("tokenguard", Level.INFO, file);
        int threads = 8;
        int perThread = 2000;
        CountDownLatch start = new CountDownLatch(1);
        List<Thread> started = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            Thread thread = new Thread(() -> {
                try {
                    start.await();
                } catch (InterruptedException e) {
                    return;
                }
                for (int i = 0; i < perThread; i++) {
                    logger.info("line {} of a message long enough to be written in more than one piece if it were", i,
                            new RuntimeException("trace " + i));
                }
            }, "writer-" + t);
            thread.start();
            started.add(thread);
        }
        start.countDown();
        for (Thread thread : started) {
            thread.join();
        }

        List<String> lines = Files.readAllLines(file);
        List<String> messages = lines.stream().filter(line -> !line.startsWith("\tat ")).toList();
        assertEquals(2 * threads * perThread, messages.size());
        for (int i = 0; i < messages.size(); i += 2) {
            String line = messages.get(i);
            assertTrue(line.matches(TIMESTAMP + " \\[writer-\\d] INFO tokenguard - line (\\d+) of a message .*"), line);
            String n = line.replaceAll(".* - line (\\d+) of .*", "$1");
            assertEquals("java.lang.RuntimeException: trace " + n, messages.get(i + 1), "the trace follows its line");
        }
    }

    private static Logger logger(String name, Level level, Path file) throws IOException {
        return new TokenguardLogger(name, level, LogOutput.appendingTo(file.toString()));
    }
}
