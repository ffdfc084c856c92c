package dev.tokenguard.core.jmx;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tokenguard.core.testing.Harness;
import dev.tokenguard.core.testing.TestCarriers;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.management.MBeanServer;
import javax.management.MBeanServerFactory;
import javax.management.ObjectName;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.slf4j.event.Level;

/** One bean per carrier under its name, gone on close; a name taken already is left to its owner. */
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
        return new JmxRegistration(h.guard::carriers, h.clock, () -> h.log);
    }

    @Test
    void registersOneBeanPerCarrierNamedAfterItsId() throws Exception {
        try (JmxRegistration registration = registration()) {
            registration.registerOn(server);

            assertEquals(List.of(FEDEX, UPS), registration.names());
            assertEquals(new ObjectName("tokenguard:type=Carrier,name=fedex"), FEDEX);
            assertEquals(2, server.queryNames(CarrierObjectNames.PATTERN, null).size());
        }
    }

    @Test
    void closeUnregistersTheBeans() {
        JmxRegistration registration = registration();
        registration.registerOn(server);

        registration.close();

        assertTrue(server.queryNames(CarrierObjectNames.PATTERN, null).isEmpty());
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
            Thread thread = registration.startLater(() -> server, Duration.ZERO);

            assertTrue(thread.isDaemon(), "never keeps the JVM alive");
            thread.join(TimeUnit.SECONDS.toMillis(10));
            assertTrue(server.isRegistered(FEDEX) && server.isRegistered(UPS));
        }
    }

    @Test
    void closedBeforeTheDelayIsUpNothingIsRegistered() throws Exception {
        JmxRegistration registration = registration();
        Thread thread = registration.startLater(() -> server, Duration.ofMinutes(1));

        registration.close();

        thread.join(TimeUnit.SECONDS.toMillis(10));
        assertFalse(thread.isAlive(), "the waiting thread ended on close");
        assertTrue(server.queryNames(CarrierObjectNames.PATTERN, null).isEmpty());
    }

    @Test
    void anIdWithCharactersObjectNamesReserveIsQuotedAndReadBack() {
        ObjectName name = CarrierObjectNames.of("odd,id=1");

        assertEquals("odd,id=1", CarrierObjectNames.carrierId(name));
        assertEquals("fedex", CarrierObjectNames.carrierId(FEDEX));
    }
}
