package dev.tokenguard.core.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tokenguard.core.config.TokenguardConfig.OnConfigError;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Reading the located file. */
class ConfigFileTest {

    private final ConfigParser parser = new ConfigParser(name -> null, name -> null);

    @TempDir
    Path dir;

    @Test
    void readsTheFileAndNamesItAsTheSource() throws IOException, ConfigException {
        Path file = Files.writeString(dir.resolve("tokenguard.properties"), "carrier.fedex.preset=fedex\n");
        TokenguardConfig config = parser.parse(new ConfigLocator.Location(file, "agent argument config"));
        assertEquals(file.toString(), config.source());
        assertEquals("fedex", config.carriers().get(0).id());
    }

    @Test
    void errorsNameTheFile() throws IOException {
        Path file = Files.writeString(dir.resolve("tokenguard.properties"), "carrier.fedex.preset=fedx\n");
        ConfigException e = assertThrows(ConfigException.class,
                () -> parser.parse(new ConfigLocator.Location(file, "agent argument config")));
        assertTrue(e.getMessage().startsWith("Invalid tokenguard configuration (" + file + ", line 1, carrier.fedex.preset)"),
                e.getMessage());
    }

    @Test
    void missingFileSaysWhoGaveIt() {
        Path file = dir.resolve("absent.properties");
        ConfigException e = assertThrows(ConfigException.class,
                () -> parser.parse(new ConfigLocator.Location(file, "environment variable TOKENGUARD_CONFIG")));
        assertEquals(OnConfigError.FAIL, e.onConfigError());
        assertTrue(e.getMessage().contains(file.toString()), e.getMessage());
        assertTrue(e.getMessage().contains("no such file (given by environment variable TOKENGUARD_CONFIG)"), e.getMessage());
    }

    @Test
    void fileThatIsNotUtf8IsAnError() throws IOException {
        Path file = Files.write(dir.resolve("latin1.properties"), "tokenguard.log.file=/tmp/\u00e9\n".getBytes(StandardCharsets.ISO_8859_1));
        ConfigException e = assertThrows(ConfigException.class,
                () -> parser.parse(new ConfigLocator.Location(file, "agent argument config")));
        assertTrue(e.getMessage().contains("not UTF-8 text"), e.getMessage());
    }
}
