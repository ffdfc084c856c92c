package dev.tokenguard.core.jmx;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tokenguard.core.testing.Harness;
import dev.tokenguard.core.testing.TestCarriers;
import dev.tokenguard.core.config.GuardMode;
import dev.tokenguard.core.config.TokenguardConfig;
import dev.tokenguard.core.policy.BlockControl;
import dev.tokenguard.core.policy.PolicyAdmin;
import dev.tokenguard.core.policy.PolicyControl;
import dev.tokenguard.core.reload.ConfigReloader;
import dev.tokenguard.core.testing.FakePolicyAdmin;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import javax.management.MBeanServer;
import javax.management.MBeanServerFactory;
import javax.management.ObjectName;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.event.Level;

/**
 * One bean per carrier and per policy under its name, the blocks' and the configuration's, all gone on close; a
 * name taken already is left to its owner.
 */
class JmxRegistrationTest {
    private static final ObjectName FEDEX = CarrierObjectNames.of("fedex");
    private static final ObjectName UPS = CarrierObjectNames.of("ups");

    private final Harness h = new Harness(3600, TestCarriers.fedex().build(), TestCarriers.ups().build());
    private final MBeanServer server = MBeanServerFactory.newMBeanServer();

    @AfterEach
    void close() {
        h.close();
    }

    private JmxRegistration registration() {
        return Registrations.of(h);
    }

    @Test
    void registersOneBeanPerCarrierNamedAfterItsId() throws Exception {
        try (JmxRegistration registration = registration()) {
            registration.registerOn(server);

            assertEquals(List.of(ControlObjectNames.CONFIG, ControlObjectNames.BLOCKS, FEDEX, UPS), registration.names(),
                    "the carriers last: whoever sees them sees the others");
            assertEquals(new ObjectName("tokenguard:type=Carrier,name=fedex"), FEDEX);
            assertEquals(2, server.queryNames(CarrierObjectNames.PATTERN, null).size());
        }
    }

    @Test
    void closeUnregistersTheBeans() throws Exception {
        JmxRegistration registration = registration();
        registration.registerOn(server);

        registration.close();

        assertTrue(server.queryNames(new ObjectName("tokenguard:*"), null).isEmpty());
    }

    @Test
    void aNameTakenAlreadyIsLoggedAndLeftToTheFirstOwner() throws Exception {
        try (JmxRegistration first = registration(); JmxRegistration second = registration()) {
            first.registerOn(server);
            second.registerOn(server);

            assertEquals(List.of(), second.names());
            String warnings = String.join("\n", h.log.messages(Level.WARN));
            assertTrue(warnings.contains("fedex: the JMX bean tokenguard:type=Carrier,name=fedex is registered already"),
                    warnings);
            second.close();
            assertTrue(server.isRegistered(FEDEX), "the first owner's bean stays");
        }
    }

    @Test
    void inTheBackgroundADaemonThreadRegistersTheBeansAfterTheDelay() throws Exception {
        try (JmxRegistration registration = registration()) {
            AtomicBoolean registeredBeforeAfterwards = new AtomicBoolean();
            Thread thread = registration.startLater(() -> server, Duration.ZERO,
                    () -> registeredBeforeAfterwards.set(server.isRegistered(FEDEX) && server.isRegistered(UPS)));

            assertTrue(thread.isDaemon(), "never keeps the JVM alive");
            thread.join(TimeUnit.SECONDS.toMillis(10));
            assertTrue(server.isRegistered(FEDEX) && server.isRegistered(UPS));
            assertTrue(registeredBeforeAfterwards.get(), "then it runs what comes afterwards (the config watcher)");
        }
    }

    @Test
    void closedBeforeTheDelayIsUpNothingIsRegistered() throws Exception {
        JmxRegistration registration = registration();
        AtomicBoolean ranAfterwards = new AtomicBoolean();
        Thread thread = registration.startLater(() -> server, Duration.ofMinutes(1), () -> ranAfterwards.set(true));

        registration.close();

        thread.join(TimeUnit.SECONDS.toMillis(10));
        assertFalse(thread.isAlive(), "the waiting thread ended on close");
        assertTrue(server.queryNames(CarrierObjectNames.PATTERN, null).isEmpty());
        assertFalse(ranAfterwards.get());
    }

    @Test
    void eachPolicyInForceGetsABeanAndTheBeansFollowAReload(@TempDir Path dir) throws Exception {
        FakePolicyAdmin admin = Registrations.admin(h);
        admin.add("fedex-api", "fedex", "requests=1400/10s per=credential");
        admin.add("bulk", "*", "requests=10/1s");
        Path file = Files.writeString(dir.resolve("tokenguard.properties"), "carrier.fedex.preset=fedex\n");
        ConfigReloader reloader = Registrations.reloader(file, admin, h);
        try (JmxRegistration registration = Registrations.of(h, admin, reloader)) {
            registration.registerOn(server);
            assertEquals(Set.of(ControlObjectNames.policy("fedex-api"), ControlObjectNames.policy("bulk")),
                    server.queryNames(ControlObjectNames.POLICY_PATTERN, null));

            admin.remove("bulk");
            admin.add("tenant", "ups", "per=header:X-Tenant requests=5/1s");
            reloader.reload();

            assertEquals(Set.of(ControlObjectNames.policy("fedex-api"), ControlObjectNames.policy("tenant")),
                    server.queryNames(ControlObjectNames.POLICY_PATTERN, null));
            assertEquals("ups", server.getAttribute(ControlObjectNames.policy("tenant"), "Carrier"));
            registration.close();
            assertTrue(server.queryNames(new ObjectName("tokenguard:*"), null).isEmpty());
        }
    }

    @Test
    void policiesThatCannotBeListedAreLoggedAndTheOtherBeansRegistered() {
        FakePolicyAdmin admin = Registrations.admin(h);
        try (JmxRegistration registration = Registrations.of(h, new FailingPolicies(admin),
                Registrations.reloader(Path.of("/nonexistent"), admin, h))) {
            registration.registerOn(server);

            assertTrue(server.isRegistered(FEDEX) && server.isRegistered(ControlObjectNames.BLOCKS));
            assertTrue(h.log.allText().contains("could not list the policies for JMX"), h.log.allText());
        }
    }

    /** As the agent's guard before the policy engine could be built: listing the policies throws. */
    private record FailingPolicies(FakePolicyAdmin admin) implements PolicyAdmin {
        @Override
        public List<PolicyControl> policies() {
            throw new IllegalStateException("no engine");
        }

        @Override
        public BlockControl blocks() {
            return admin.blocks();
        }

        @Override
        public GuardMode mode() {
            return admin.mode();
        }

        @Override
        public boolean switchMode(GuardMode mode, String origin) {
            return admin.switchMode(mode, origin);
        }

        @Override
        public List<String> reload(TokenguardConfig next) {
            return admin.reload(next);
        }
    }

    @Test
    void anIdWithCharactersObjectNamesReserveIsQuotedAndReadBack() {
        ObjectName name = CarrierObjectNames.of("odd,id=1");

        assertEquals("odd,id=1", CarrierObjectNames.carrierId(name));
        assertEquals("fedex", CarrierObjectNames.carrierId(FEDEX));
    }
}
