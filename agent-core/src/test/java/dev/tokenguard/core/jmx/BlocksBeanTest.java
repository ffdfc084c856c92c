package dev.tokenguard.core.jmx;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tokenguard.core.config.TokenguardConfig;
import dev.tokenguard.core.policy.BlockSpec;
import dev.tokenguard.core.testing.FakePolicyAdmin;
import dev.tokenguard.core.testing.ManualClock;
import dev.tokenguard.core.testing.TestCarriers;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import javax.management.NotCompliantMBeanException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Blocks switched on and off over JMX: empty strings mean any, a bad argument is named. */
class BlocksBeanTest {
    private static final TokenguardConfig CONFIG = new TokenguardConfig(List.of(TestCarriers.fedex().build()), "info",
            null, TokenguardConfig.OnConfigError.PASS, "test");

    private final ManualClock clock = new ManualClock();
    private final FakePolicyAdmin admin = new FakePolicyAdmin(CONFIG, clock);
    private final BlocksBean bean = blocks();

    private BlocksBean blocks() {
        try {
            return new BlocksBean(admin);
        } catch (NotCompliantMBeanException e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void emptyArgumentsMeanAnyAndTheIdIsReturned() {
        String id = bean.block("", "", "", "", "", "FedEx incident INC-4711");

        assertEquals("b1", id);
        assertEquals(new BlockSpec("*", null, null, null, null, "FedEx incident INC-4711"),
                admin.blocks().blocks().get(0).spec());
    }

    @Test
    void theArgumentsGoToTheBlockWithTheMethodInUpperCaseAndTheDurationParsed() {
        bean.block("fedex", "post", "/ship/**", "X-Tenant=acme", "10m", "runaway batch");

        assertEquals(new BlockSpec("fedex", "POST", "/ship/**", "X-Tenant=acme", Duration.ofMinutes(10), "runaway batch"),
                admin.blocks().blocks().get(0).spec());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "duration | fedex | GET | 10 minutes | X=1 | duration: \"10 minutes\" is not a duration",
            "method   | fedex | G T | 10m        | X=1 | method: \"G T\" is not an HTTP method",
            "header   | fedex | GET | 10m        | X   | header: write Name=Value",
            "carrier  | dhl   | GET | 10m        | X=1 | carrier: no carrier 'dhl'"})
    void aBadArgumentIsRefusedWithAMessageThatNamesIt(String argument, String carrier, String method, String duration,
            String header, String message) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> bean.block(carrier, method, "", header, duration, "why"));

        assertTrue(e.getMessage().startsWith(message), e.getMessage());
        assertTrue(admin.blocks().blocks().isEmpty());
    }

    @Test
    void aBlockNeedsAReason() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> bean.block("fedex", "", "", "", "", " "));

        assertTrue(e.getMessage().startsWith("reason: "), e.getMessage());
    }

    @Test
    void unblockLiftsTheBlockAndSaysWhetherThereWasOne() {
        String id = bean.block("fedex", "", "", "", "", "why");

        assertTrue(bean.unblock(id));
        assertFalse(bean.unblock(id));
        assertFalse(bean.unblock("b99"));
        assertArrayEquals(new String[0], bean.getBlocks());
    }

    @Test
    void theBlocksAttributeHasOneLinePerBlockWithWhatItMatchesItsExpiryAndItsRefusals() {
        bean.block("fedex", "POST", "/ship/**", "", "10m", "runaway batch");
        bean.block("", "", "", "X-Tenant=acme", "", "tenant acme suspended");
        admin.blocks().refused("b1", 7);

        assertArrayEquals(new String[] {
                "b1  carrier=fedex method=POST path=/ship/** header=any  until "
                        + Instant.ofEpochMilli(ManualClock.START_MILLIS + 600_000) + "  refused 7  reason: runaway batch",
                "b2  carrier=* method=any path=any header=X-Tenant=acme  until unblocked  refused 0  reason: tenant acme"
                        + " suspended"}, bean.getBlocks());
    }

    @Test
    void aCredentialHeaderShowsOnlyItsValuesFingerprint() {
        bean.block("fedex", "", "", "Authorization=Bearer eyJ-secret-token", "", "stolen token");

        String line = bean.getBlocks()[0];
        assertFalse(line.contains("eyJ-secret-token"), line);
        assertTrue(line.matches(".*header=Authorization=<fingerprint [0-9a-f]{8}>.*"), line);
    }
}
