package dev.tokenguard.core.guard;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.tokenguard.core.config.CarrierConfig;
import dev.tokenguard.core.config.MetricsEndpoint;
import dev.tokenguard.core.config.TokenguardConfig;
import dev.tokenguard.core.testing.Harness;
import dev.tokenguard.core.testing.TestCarriers;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The metrics endpoint is opened once, at start: a reload that changes it says so and changes nothing. */
class MetricsReloadTest {

    @Test
    void aReloadThatChangesTheMetricsEndpointSaysItTakesARestart() {
        CarrierConfig fedex = TestCarriers.fedex().build();
        try (Harness h = new Harness(3600, fedex)) {
            TokenguardConfig same = Harness.config(List.of(), fedex);
            TokenguardConfig withPort = new TokenguardConfig(same.carriers(), same.logLevel(), same.logFile(),
                    same.onConfigError(), same.source(), same.store(), same.clusterName(), same.clusterExpectedInstances(),
                    same.policies(), new MetricsEndpoint(null, 9464), same.mode());

            assertEquals(List.of(), h.guard.reload(same));
            assertEquals(List.of("tokenguard.metrics changed: takes effect after a restart"), h.guard.reload(withPort));
        }
    }
}
