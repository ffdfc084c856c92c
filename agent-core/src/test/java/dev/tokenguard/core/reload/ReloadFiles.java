package dev.tokenguard.core.reload;

import dev.tokenguard.core.config.ConfigException;
import dev.tokenguard.core.config.ConfigLocator;
import dev.tokenguard.core.config.ConfigParser;
import dev.tokenguard.core.config.TokenguardConfig;
import dev.tokenguard.core.testing.CapturingLogger;
import dev.tokenguard.core.testing.FakePolicyAdmin;
import dev.tokenguard.core.testing.ManualClock;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.slf4j.event.Level;

/** A properties file the agent started with, its reloader and an in-memory policy admin. */
final class ReloadFiles {
    static final String FEDEX = "carrier.fedex.preset=fedex\n";
    static final String BROKEN = "carrier.fedex.preset=fedex\ncarrier.fedex.token-rate=lots\n";

    final Path file;
    final ConfigParser parser = new ConfigParser(name -> null, name -> null);
    final CapturingLogger log = new CapturingLogger(Level.DEBUG);
    final FakePolicyAdmin admin;
    final ConfigReloader reloader;

    ReloadFiles(Path dir, String started) {
        file = dir.resolve("tokenguard.properties");
        write(started);
        ConfigLocator.Location location = new ConfigLocator.Location(file, "test");
        TokenguardConfig config;
        try {
            config = parser.parse(location);
        } catch (ConfigException e) {
            throw new AssertionError(e);
        }
        admin = new FakePolicyAdmin(config, new ManualClock());
        reloader = new ConfigReloader(location, config, parser, admin, () -> log);
    }

    static String tokenRate(String rate) {
        return FEDEX + "carrier.fedex.token-rate=" + rate + "\n";
    }

    void write(String text) {
        try {
            Files.writeString(file, text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The token-rate of fedex in the configuration in force, as the file says it. */
    String tokenRateInForce() {
        return admin.inForce().carriers().get(0).tokenRate().toString();
    }
}
