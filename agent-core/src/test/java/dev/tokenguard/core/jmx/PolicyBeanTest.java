package dev.tokenguard.core.jmx;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tokenguard.core.policy.PolicyStats;
import dev.tokenguard.core.testing.FakePolicyAdmin;
import dev.tokenguard.core.testing.FakePolicyAdmin.FakePolicy;
import dev.tokenguard.core.testing.Harness;
import dev.tokenguard.core.testing.ManualClock;
import dev.tokenguard.core.testing.TestCarriers;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import javax.management.Attribute;
import javax.management.MBeanServer;
import javax.management.MBeanServerFactory;
import javax.management.ObjectName;
import javax.management.RuntimeMBeanException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** A policy's bean as a JMX client sees it: its figures, its mode, and the switch. */
class PolicyBeanTest {
    private static final ObjectName API = ControlObjectNames.policy("fedex-api");

    private final Harness h = new Harness(3600, TestCarriers.fedex().build());
    private final MBeanServer server = MBeanServerFactory.newMBeanServer();
    private final FakePolicyAdmin admin = Registrations.admin(h);
    private FakePolicy policy;
    private JmxRegistration registration;

    @BeforeEach
    void register() {
        policy = admin.add("fedex-api", "fedex", "when.path=/track/** per=credential requests=1400/10s max-wait=2s");
        admin.add("night", "*", "requests=10/1s mode=shadow");
        admin.add("no-rates", "ups", "when.path=/rating/** action=block");
        registration = Registrations.of(h, admin, Registrations.reloader(Path.of("/nonexistent"), admin, h));
        registration.registerOn(server);
    }

    @AfterEach
    void close() {
        registration.close();
        h.close();
    }

    @Test
    void theFiguresAreThePolicysStats() throws Exception {
        policy.stats(new PolicyStats(100, 90, 12, 10, 0, 52_000, 3, 0));

        assertEquals(List.of(100L, 90L, 12L, 10L, 0L, 52_000L, 3), List.of(server.getAttribute(API, "Matched"),
                server.getAttribute(API, "Admitted"), server.getAttribute(API, "Waited"), server.getAttribute(API, "Refused"),
                server.getAttribute(API, "ShadowRefused"), server.getAttribute(API, "Bytes"),
                server.getAttribute(API, "InFlight")));
        assertEquals("fedex", server.getAttribute(API, "Carrier"));
        assertEquals("when.path=/track/** per=credential requests=1400/10s max-wait=2s",
                server.getAttribute(API, "Description"));
    }

    @Test
    void theModeIsReadFromTheDescription() throws Exception {
        assertEquals("enforce", server.getAttribute(API, "Mode"));
        assertEquals("shadow", server.getAttribute(ControlObjectNames.policy("night"), "Mode"));
        assertEquals("block", server.getAttribute(ControlObjectNames.policy("no-rates"), "Mode"));
    }

    @Test
    void pausedUntilIsAnIsoInstantInUtcWhilePausedAndEmptyOtherwise() throws Exception {
        assertEquals("", server.getAttribute(API, "PausedUntil"));

        long until = ManualClock.START_MILLIS + 3_000;
        policy.stats(new PolicyStats(1, 0, 0, 1, 0, 0, 0, until));
        assertEquals(Instant.ofEpochMilli(until).toString(), server.getAttribute(API, "PausedUntil"));
        assertTrue(((String) server.getAttribute(API, "PausedUntil")).endsWith("Z"));

        h.clock.advance(Duration.ofSeconds(3));
        assertEquals("", server.getAttribute(API, "PausedUntil"), "a pause that is over reads as none");
    }

    @Test
    void disableAndEnableSwitchThePolicyAsTheEnabledAttributeDoes() throws Exception {
        server.invoke(API, "disable", null, null);
        assertFalse(policy.enabled());
        assertEquals(false, server.getAttribute(API, "Enabled"));

        server.setAttribute(API, new Attribute("Enabled", true));
        assertTrue(policy.enabled());
        server.setAttribute(API, new Attribute("Enabled", false));
        server.invoke(API, "enable", null, null);
        assertTrue(policy.enabled());
    }

    @Test
    void aBeanWhosePolicyIsGoneSaysSoUntilItIsUnregistered() {
        admin.remove("fedex-api");

        RuntimeMBeanException e = assertThrows(RuntimeMBeanException.class,
                () -> server.getAttribute(API, "Matched"));
        assertEquals("the policy fedex-api is no longer in force (a reload removed it)", e.getCause().getMessage());
    }
}
