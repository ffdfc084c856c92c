package dev.tokenguard.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tokenguard.it.support.ForkedApp;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** A misconfigured agent refuses loudly: it never lets the storm through silently. */
class ConfigurationErrorIT {
    private static final String BAD = "carrier.fedex.preset=fedex\ncarrier.fedex.refresh-ahaed=5m\n";

    @Test
    void aWrongKeyStopsTheJvmWithOneLineNamingTheKeyAndTheLine() throws Exception {
        Path config = Files.createTempFile("tokenguard-bad", ".properties");
        Files.writeString(config, BAD);

        ForkedApp.Finished run = ForkedApp.builder().agentConfig(config)
                .main("dev.tokenguard.it.app.HelloApp").run(Duration.ofSeconds(30));

        assertNotEquals(0, run.exitCode());
        assertTrue(run.stderr().contains("line 2"), run.stderr());
        assertTrue(run.stderr().contains("carrier.fedex.refresh-ahaed"), run.stderr());
        assertTrue(!run.stdout().contains("hello"), "the application ran unguarded: " + run.stdout());
    }

    @Test
    void withOnConfigErrorPassTheApplicationStartsUnguardedAndTheLineIsLogged() throws Exception {
        Path config = Files.createTempFile("tokenguard-bad", ".properties");
        Files.writeString(config, "tokenguard.on-config-error=pass\n" + BAD);

        ForkedApp.Finished run = ForkedApp.builder().agentConfig(config)
                .main("dev.tokenguard.it.app.HelloApp").run(Duration.ofSeconds(30));

        assertEquals(0, run.exitCode(), run.stderr());
        assertTrue(run.stdout().contains("hello"), run.stdout());
        assertTrue(run.stderr().contains("carrier.fedex.refresh-ahaed"), run.stderr());
    }
}
