package dev.tokenguard.core.jmx;

import static dev.tokenguard.core.jmx.CarrierBeanInfoTest.assertDescribed;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tokenguard.core.config.GuardMode;
import dev.tokenguard.core.testing.FakePolicyAdmin;
import dev.tokenguard.core.testing.Harness;
import dev.tokenguard.core.testing.TestCarriers;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import javax.management.Attribute;
import javax.management.MBeanAttributeInfo;
import javax.management.MBeanInfo;
import javax.management.MBeanOperationInfo;
import javax.management.MBeanParameterInfo;
import javax.management.MBeanServer;
import javax.management.MBeanServerFactory;
import javax.management.ObjectName;
import org.junit.jupiter.api.Test;

/** What jconsole shows of the policy, blocks and configuration beans: the issue's names, each described. */
class ControlBeanInfoTest {

    private static MBeanInfo info(ObjectName name) throws Exception {
        try (Harness h = new Harness(3600, TestCarriers.fedex().build())) {
            FakePolicyAdmin admin = Registrations.admin(h);
            admin.add("fedex-api", "fedex", "requests=1400/10s");
            MBeanServer server = MBeanServerFactory.newMBeanServer();
            Registrations.of(h, admin, Registrations.reloader(Path.of("/etc/tokenguard.properties"), admin, h))
                    .registerOn(server);
            return server.getMBeanInfo(name);
        }
    }

    private static List<String> attributes(MBeanInfo info) {
        return Arrays.stream(info.getAttributes()).map(MBeanAttributeInfo::getName).sorted().toList();
    }

    private static List<String> operations(MBeanInfo info) {
        return Arrays.stream(info.getOperations()).map(MBeanOperationInfo::getName).sorted().toList();
    }

    @Test
    void thePolicyBeanHasTheIssuesFiguresAndOnlyEnabledIsWritable() throws Exception {
        MBeanInfo info = info(ControlObjectNames.policy("fedex-api"));

        assertEquals(List.of("Admitted", "Bytes", "Carrier", "Description", "Enabled", "InFlight", "Matched", "Mode",
                "PausedUntil", "Refused", "ShadowRefused", "Waited"), attributes(info));
        assertEquals(List.of("disable", "enable"), operations(info));
        for (MBeanAttributeInfo attribute : info.getAttributes()) {
            assertEquals(attribute.getName().equals("Enabled"), attribute.isWritable(), attribute.getName());
        }
    }

    @Test
    void theBlocksBeanTakesNamedStringArguments() throws Exception {
        MBeanInfo info = info(ControlObjectNames.BLOCKS);

        assertEquals(List.of("Blocks"), attributes(info));
        assertEquals(List.of("block", "unblock"), operations(info));
        MBeanOperationInfo block = Arrays.stream(info.getOperations()).filter(o -> o.getName().equals("block"))
                .findFirst().orElseThrow();
        assertEquals(List.of("carrier", "method", "pathGlob", "header", "duration", "reason"),
                Arrays.stream(block.getSignature()).map(MBeanParameterInfo::getName).toList());
        assertEquals("java.lang.String", block.getReturnType());
    }

    @Test
    void theConfigBeanNamesItsFileAndModeAndReloads() throws Exception {
        MBeanInfo info = info(ControlObjectNames.CONFIG);

        assertEquals(List.of("File", "Mode"), attributes(info));
        MBeanAttributeInfo mode = Arrays.stream(info.getAttributes()).filter(a -> a.getName().equals("Mode"))
                .findFirst().orElseThrow();
        assertTrue(mode.isWritable(), "Mode is switched by writing it");
        assertEquals(List.of("reload"), operations(info));
        assertEquals(String[].class.getName(), info.getOperations()[0].getReturnType());
    }

    @Test
    void writingModeSwitchesTheGuardAndAnyOtherWordIsRefusedByName() throws Exception {
        try (Harness h = new Harness(3600, TestCarriers.fedex().build())) {
            FakePolicyAdmin admin = Registrations.admin(h);
            MBeanServer server = MBeanServerFactory.newMBeanServer();
            Registrations.of(h, admin, Registrations.reloader(Path.of("/etc/tokenguard.properties"), admin, h))
                    .registerOn(server);

            server.setAttribute(ControlObjectNames.CONFIG, new Attribute("Mode", "observe"));
            assertEquals(GuardMode.OBSERVE, admin.mode());
            assertEquals("observe", server.getAttribute(ControlObjectNames.CONFIG, "Mode"));

            Exception e = assertThrows(Exception.class,
                    () -> server.setAttribute(ControlObjectNames.CONFIG, new Attribute("Mode", "shadow")));
            Throwable cause = e.getCause() == null ? e : e.getCause();
            assertEquals("mode must be enforce or observe, got 'shadow'", cause.getMessage());
            assertEquals(GuardMode.OBSERVE, admin.mode());
        }
    }

    @Test
    void everyAttributeOperationAndParameterHasADescriptionOfItsOwn() throws Exception {
        for (ObjectName name : List.of(ControlObjectNames.policy("fedex-api"), ControlObjectNames.BLOCKS,
                ControlObjectNames.CONFIG)) {
            MBeanInfo info = info(name);
            assertDescribed(name.toString(), info.getDescription());
            for (MBeanAttributeInfo attribute : info.getAttributes()) {
                assertDescribed(name + " " + attribute.getName(), attribute.getDescription());
            }
            for (MBeanOperationInfo operation : info.getOperations()) {
                assertDescribed(name + " " + operation.getName(), operation.getDescription());
                assertEquals(MBeanOperationInfo.ACTION, operation.getImpact(), operation.getName());
                for (MBeanParameterInfo parameter : operation.getSignature()) {
                    assertDescribed(operation.getName() + "(" + parameter.getName() + ")", parameter.getDescription());
                }
            }
        }
    }
}
