package dev.tokenguard.core.jmx;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tokenguard.core.testing.Harness;
import dev.tokenguard.core.testing.TestCarriers;
import java.util.Arrays;
import java.util.List;
import javax.management.MBeanAttributeInfo;
import javax.management.MBeanInfo;
import javax.management.MBeanOperationInfo;
import javax.management.MBeanParameterInfo;
import javax.management.MBeanServerFactory;
import org.junit.jupiter.api.Test;

/** What jconsole and VisualVM show: the issue's names, each with a description of its own. */
class CarrierBeanInfoTest {

    private static MBeanInfo info() throws Exception {
        try (Harness h = new Harness(3600, TestCarriers.fedex().build())) {
            var server = MBeanServerFactory.newMBeanServer();
            Registrations.of(h).registerOn(server);
            return server.getMBeanInfo(CarrierObjectNames.of("fedex"));
        }
    }

    @Test
    void theAttributesAreTheIssuesAndOnlyKillSwitchTrippedIsWritable() throws Exception {
        MBeanInfo info = info();
        List<String> names = Arrays.stream(info.getAttributes()).map(MBeanAttributeInfo::getName).toList();

        assertTrue(names.containsAll(List.of("KillSwitchTripped", "KillSwitchReason", "KillSwitchRemainingSeconds",
                "TokenFingerprint", "TokenExpiresInSeconds", "RealTokenCalls", "SuppressedRenewals", "CoalescedWaiters",
                "RateLimitedRenewals", "Unauthorized", "RevokedElsewhere", "Upgraded", "Replayed", "Refused", "RefusedByReason", "BansDetected")), names.toString());
        for (MBeanAttributeInfo attribute : info.getAttributes()) {
            assertEquals(attribute.getName().equals("KillSwitchTripped"), attribute.isWritable(), attribute.getName());
        }
    }

    @Test
    void theOperationsAreTripResetAndInvalidateTheTripTakingAReason() throws Exception {
        MBeanInfo info = info();

        assertEquals(List.of("invalidateToken", "resetKillSwitch", "tripKillSwitch"),
                Arrays.stream(info.getOperations()).map(MBeanOperationInfo::getName).sorted().toList());
        MBeanOperationInfo trip = Arrays.stream(info.getOperations())
                .filter(o -> o.getName().equals("tripKillSwitch")).findFirst().orElseThrow();
        assertEquals("reason", trip.getSignature()[0].getName());
        assertEquals("java.lang.String", trip.getSignature()[0].getType());
    }

    @Test
    void everyAttributeOperationAndParameterHasADescriptionOfItsOwn() throws Exception {
        MBeanInfo info = info();

        assertDescribed("the bean", info.getDescription());
        assertTrue(info.getDescription().contains("fedex"), info.getDescription());
        for (MBeanAttributeInfo attribute : info.getAttributes()) {
            assertDescribed(attribute.getName(), attribute.getDescription());
        }
        for (MBeanOperationInfo operation : info.getOperations()) {
            assertDescribed(operation.getName(), operation.getDescription());
            assertEquals(MBeanOperationInfo.ACTION, operation.getImpact(), operation.getName());
            for (MBeanParameterInfo parameter : operation.getSignature()) {
                assertDescribed(operation.getName() + "(" + parameter.getName() + ")", parameter.getDescription());
            }
        }
        long distinct = Arrays.stream(info.getAttributes()).map(MBeanAttributeInfo::getDescription).distinct().count();
        assertEquals(info.getAttributes().length, distinct, "no description is copied onto another attribute");
    }

    /** Not empty, and not StandardMBean's placeholder ("Attribute exposed for management" and the like). */
    static void assertDescribed(String what, String description) {
        assertFalse(description == null || description.isBlank(), what + " has no description");
        assertFalse(description.contains("exposed for management") || description.startsWith("Information on the management"),
                what + " has the JDK's placeholder: " + description);
    }
}
