package dev.tokenguard.core.jmx;

import static dev.tokenguard.core.testing.Requests.accessToken;
import static dev.tokenguard.core.testing.Requests.fedexToken;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tokenguard.core.broker.Fingerprints;
import dev.tokenguard.core.http.Decision;
import dev.tokenguard.core.http.HttpHeaders;
import dev.tokenguard.core.http.RequestGuard;
import dev.tokenguard.core.testing.Harness;
import dev.tokenguard.core.testing.Requests;
import dev.tokenguard.core.testing.TestCarriers;
import java.time.Duration;
import java.util.Set;
import javax.management.Attribute;
import javax.management.MBeanAttributeInfo;
import javax.management.MBeanServer;
import javax.management.MBeanServerFactory;
import javax.management.ObjectName;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The carrier bean as a JMX client sees it, on a real MBean server over a real guard. */
class CarrierBeanTest {
    private static final String SECRET = "s3cret-never-shown";
    private static final ObjectName FEDEX = CarrierObjectNames.of("fedex");

    private Harness h;
    private MBeanServer server;
    private JmxRegistration registration;

    @BeforeEach
    void register() {
        h = new Harness(3600, TestCarriers.fedex().unlimited().build(), TestCarriers.ups().unlimited().build());
        server = MBeanServerFactory.newMBeanServer();
        registration = Registrations.of(h);
        registration.registerOn(server);
    }

    @AfterEach
    void close() {
        registration.close();
        h.close();
    }

    private Object read(String attribute) throws Exception {
        return server.getAttribute(FEDEX, attribute);
    }

    @Test
    void countersAreThePlainLongsOfTheCarriersStats() throws Exception {
        for (int i = 0; i < 3; i++) {
            h.decide(fedexToken("id", SECRET));
        }

        assertEquals(1L, read("RealTokenCalls"));
        assertEquals(2L, read("SuppressedRenewals"));
        for (String zero : Set.of("CoalescedWaiters", "RateLimitedRenewals", "Unauthorized", "Upgraded", "Replayed",
                "RevokedElsewhere", "Refused", "BansDetected", "FailedRenewals", "InternalErrors")) {
            assertEquals(0L, read(zero), zero);
        }
    }

    @Test
    void everyAttributeIsALongABooleanOrAStringSoThatExportersScrapeItAsItIs() throws Exception {
        for (MBeanAttributeInfo attribute : server.getMBeanInfo(FEDEX).getAttributes()) {
            assertTrue(Set.of("long", "boolean", "java.lang.String").contains(attribute.getType()),
                    attribute.getName() + " is a " + attribute.getType());
        }
    }

    @Test
    void theTokenAppearsOnlyAsItsFingerprintAndItsTimeLeft() throws Exception {
        String token = accessToken(h.decide(fedexToken("id", SECRET)));
        h.clock.advance(Duration.ofSeconds(100));

        assertEquals(Fingerprints.of(token), read("TokenFingerprint"));
        assertEquals(3500L, read("TokenExpiresInSeconds"));
        for (MBeanAttributeInfo attribute : server.getMBeanInfo(FEDEX).getAttributes()) {
            String value = String.valueOf(read(attribute.getName()));
            assertFalse(value.contains(token) || value.contains(SECRET), attribute.getName() + " = " + value);
        }
    }

    @Test
    void withoutATokenTheFingerprintIsEmptyAndTheTimeLeftMinusOne() throws Exception {
        assertEquals("", read("TokenFingerprint"));
        assertEquals(-1L, read("TokenExpiresInSeconds"));
    }

    @Test
    void writingKillSwitchTrippedTrueTripsItUntilResetAndFalseResetsIt() throws Exception {
        server.setAttribute(FEDEX, new Attribute("KillSwitchTripped", true));

        assertEquals(true, read("KillSwitchTripped"));
        assertEquals("TRIPPED", read("KillSwitchState"));
        assertEquals("tripped over JMX", read("KillSwitchReason"));
        assertEquals(-1L, read("KillSwitchRemainingSeconds"));
        assertEquals(503, Requests.answer(h.decide(fedexToken("id", SECRET))).status());

        server.setAttribute(FEDEX, new Attribute("KillSwitchTripped", false));

        assertEquals(false, read("KillSwitchTripped"));
        assertEquals("OFF", read("KillSwitchState"));
        assertEquals("", read("KillSwitchReason"));
        assertEquals(200, Requests.answer(h.decide(fedexToken("id", SECRET))).status());
    }

    @Test
    void writingTrueOverATripByHandKeepsItsReason() throws Exception {
        server.invoke(FEDEX, "tripKillSwitch", new Object[] {"carrier maintenance"}, new String[] {"java.lang.String"});
        server.setAttribute(FEDEX, new Attribute("KillSwitchTripped", true));

        assertEquals("carrier maintenance", read("KillSwitchReason"));
    }

    @Test
    void tripAndResetOperationsActOnTheNextRequestAndAreLoggedAtWarn() throws Exception {
        server.invoke(FEDEX, "tripKillSwitch", new Object[] {"carrier maintenance"}, new String[] {"java.lang.String"});

        Decision refused = h.decide(Requests.fedexApi(null));
        assertEquals(503, Requests.answer(refused).status());
        assertEquals(1L, read("Refused"));
        assertEquals("carrier maintenance", read("KillSwitchReason"));

        server.invoke(FEDEX, "resetKillSwitch", new Object[0], new String[0]);

        assertEquals(false, read("KillSwitchTripped"));
        assertEquals(200, Requests.answer(h.decide(fedexToken("id", SECRET))).status());
        String warnings = String.join("\n", h.log.messages(org.slf4j.event.Level.WARN));
        assertTrue(warnings.contains("fedex: kill-switch OFF -> TRIPPED: carrier maintenance"), warnings);
        assertTrue(warnings.contains("fedex: kill-switch TRIPPED -> OFF"), warnings);
    }

    @Test
    void refusedByReasonCountsEachKindInAFixedOrder() throws Exception {
        server.invoke(FEDEX, "tripKillSwitch", new Object[] {"carrier maintenance"}, new String[] {"java.lang.String"});
        h.decide(Requests.fedexApi(null));
        h.decide(Requests.fedexApi(null));

        assertEquals("kill-switch=2, rate-limit=0, backing-off=0, token-endpoint-failed=0, renewal-wait=0,"
                + " unreadable-body=0, policy-limit=0, policy-block=0, carrier-pause=0, internal-error=0, other=0", read("RefusedByReason"));
    }

    @Test
    void revokedElsewhereCountsThe401sForAFreshTokenNoRenewalOfOursExplains() throws Exception {
        for (int i = 0; i < 2; i++) {
            String token = accessToken(h.decide(fedexToken("id", SECRET)));
            Decision.Proceed p = (Decision.Proceed) h.decide(Requests.fedexApi(token));
            h.guard.onResponse(p.exchange(), 401, HttpHeaders.EMPTY, RequestGuard.Replays.NEVER); // a peer renewed
        }

        assertEquals(2L, read("RevokedElsewhere"));
    }

    @Test
    void aBlankReasonReadsTrippedOverJmx() throws Exception {
        server.invoke(FEDEX, "tripKillSwitch", new Object[] {" "}, new String[] {"java.lang.String"});

        assertEquals("tripped over JMX", read("KillSwitchReason"));
    }

    @Test
    void aBanTripsForItsLengthAndTheRemainingSecondsCountDown() throws Exception {
        h.carrier.thenStatus(403, "{\"errors\":[{\"code\":\"FORBIDDEN.ERROR\"}]}");
        h.decide(fedexToken("id", SECRET));

        assertEquals(1L, read("BansDetected"));
        assertEquals(true, read("KillSwitchTripped"));
        assertEquals(600L, read("KillSwitchRemainingSeconds"));
        h.clock.advance(Duration.ofMillis(100_500));
        assertEquals(500L, read("KillSwitchRemainingSeconds"), "whole seconds, rounded up");
    }

    @Test
    void invalidateTokenDropsTheCurrentTokenAndTheNextRequestRenews() throws Exception {
        String first = accessToken(h.decide(fedexToken("id", SECRET)));

        assertEquals(1, server.invoke(FEDEX, "invalidateToken", new Object[0], new String[0]));

        assertEquals("", read("TokenFingerprint"));
        String second = accessToken(h.decide(fedexToken("id", SECRET)));
        assertFalse(first.equals(second));
        assertEquals(2L, read("RealTokenCalls"));
    }

    @Test
    void theBeansOfTwoCarriersAreIndependent() throws Exception {
        server.setAttribute(FEDEX, new Attribute("KillSwitchTripped", true));

        assertEquals(false, server.getAttribute(CarrierObjectNames.of("ups"), "KillSwitchTripped"));
    }
}
