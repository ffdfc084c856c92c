package dev.tokenguard.agent.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code attach} refuses a file it cannot use before it looks for the JVM: nothing is attached. */
class AttachCommandTest {
    /** No process has this PID on Linux (the largest is 2^22): reaching it would fail with status 3. */
    private static final String NO_SUCH_PID = "99999999";

    @TempDir
    Path dir;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int attach(Path config) {
        return TokenguardCli.run(new String[] {"attach", "--config", config.toString(), "--trip", NO_SUCH_PID},
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    @Test
    void aFileWithAnErrorIsAUsageErrorWithTheParsersMessage() throws Exception {
        Path config = Files.writeString(dir.resolve("tokenguard.properties"), "carrier.fedex.preset=fedx\n");

        assertEquals(CliFailure.USAGE, attach(config));

        String message = err.toString(StandardCharsets.UTF_8);
        assertTrue(message.startsWith("tokenguard: "), message);
        assertTrue(message.contains("carrier.fedex.preset"), message);
        assertTrue(message.strip().endsWith("; nothing was attached"), message);
        assertEquals("", out.toString(StandardCharsets.UTF_8));
    }

    @Test
    void aMissingFileIsAUsageErrorNamingIt() {
        Path config = dir.resolve("absent.properties");

        assertEquals(CliFailure.USAGE, attach(config));

        assertEquals("tokenguard: --config: no file " + config, err.toString(StandardCharsets.UTF_8).strip());
    }

    @Test
    void aGoodFileGoesOnToTheJvmWhichMustExist() throws Exception {
        Path config = Files.writeString(dir.resolve("tokenguard.properties"),
                "carrier.fedex.preset=fedex\ncarrier.fedex.api-hosts=127.0.0.1:8443\n");

        assertEquals(CliFailure.CANNOT_ATTACH, attach(config));

        assertEquals("tokenguard: no process with PID " + NO_SUCH_PID, err.toString(StandardCharsets.UTF_8).strip());
    }
}
