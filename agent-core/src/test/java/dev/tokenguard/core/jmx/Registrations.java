package dev.tokenguard.core.jmx;

import dev.tokenguard.core.config.ConfigLocator;
import dev.tokenguard.core.config.ConfigParser;
import dev.tokenguard.core.config.TokenguardConfig;
import dev.tokenguard.core.policy.PolicyAdmin;
import dev.tokenguard.core.reload.ConfigReloader;
import dev.tokenguard.core.testing.FakePolicyAdmin;
import dev.tokenguard.core.testing.Harness;
import java.nio.file.Path;
import java.util.List;

/** Test helpers: a registration over a harness's carriers and an in-memory policy admin. */
final class Registrations {
    static final TokenguardConfig NO_CARRIERS = new TokenguardConfig(List.of(), "info", null,
            TokenguardConfig.OnConfigError.PASS, "test");

    private Registrations() {}

    static FakePolicyAdmin admin(Harness h) {
        return new FakePolicyAdmin(NO_CARRIERS, h.clock);
    }

    /** Its configuration file is {@code file}; tests that never reload give one that does not exist. */
    static ConfigReloader reloader(Path file, FakePolicyAdmin admin, Harness h) {
        return new ConfigReloader(new ConfigLocator.Location(file, "test"), NO_CARRIERS,
                new ConfigParser(name -> null, name -> null), admin, () -> h.log);
    }

    static JmxRegistration of(Harness h, PolicyAdmin admin, ConfigReloader reloader) {
        return new JmxRegistration(h.guard::carriers, admin, reloader, h.clock, () -> h.log);
    }

    static JmxRegistration of(Harness h) {
        FakePolicyAdmin admin = admin(h);
        return of(h, admin, reloader(Path.of("/nonexistent/tokenguard.properties"), admin, h));
    }
}
