package dev.tokenguard.agent.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The {@code status} table. */
class StatusTableTest {

    private static final String NONE_REFUSED = "kill-switch=0, rate-limit=0, backing-off=0, token-endpoint-failed=0,"
            + " renewal-wait=0, unreadable-body=0, internal-error=0, other=0";

    private static CarrierStatus carrier(String id, String state, String reason, long remaining, String fingerprint,
            long expiresIn, long suppressed) {
        return carrier(id, state, reason, remaining, fingerprint, expiresIn, suppressed, 0, NONE_REFUSED);
    }

    private static CarrierStatus carrier(String id, String state, String reason, long remaining, String fingerprint,
            long expiresIn, long suppressed, long refused, String refusedByReason) {
        return new CarrierStatus(id, state, reason, remaining, fingerprint, expiresIn, 2, suppressed, 19, 0, 1, 3, 1,
                refused, 0, refusedByReason);
    }

    @Test
    void oneAlignedRowPerCarrierUnderAHeader() {
        List<String> lines = StatusTable.lines(List.of(
                carrier("fedex", "OFF", "", 0, "3f2a9c1e", 3542, 12345),
                carrier("ups", "TRIPPED", "maintenance", -1, "", -1, 0, 7, NONE_REFUSED.replace("kill-switch=0", "kill-switch=7"))));

        assertEquals(List.of(
                "carrier  kill-switch                         token     expires in  real calls  suppressed  coalesced"
                        + "  rate-limited  401s  upgraded  replayed  refused  bans  refused by reason",
                "fedex    off                                 3f2a9c1e      3542 s           2       12345         19"
                        + "             0     1         3         1        0     0  -",
                "ups      TRIPPED: maintenance (until reset)  -                  -           2           0         19"
                        + "             0     1         3         1        7     0  kill-switch 7"), lines);
    }

    @Test
    void theRefusedByReasonColumnNamesTheKindsWithAnyRefusal() {
        String counts = "kill-switch=0, rate-limit=3, backing-off=0, token-endpoint-failed=1, renewal-wait=12,"
                + " unreadable-body=0, internal-error=0, other=0";
        assertEquals("rate-limit 3, token-endpoint-failed 1, renewal-wait 12",
                carrier("c", "OFF", "", 0, "", -1, 0, 16, counts).refusals());
    }

    @Test
    void anAgentWithoutTheAttributeShowsADash() {
        assertEquals("-", carrier("c", "OFF", "", 0, "", -1, 0, 4, "").refusals());
    }

    @Test
    void theKillSwitchColumnSaysWhyAndForHowLong() {
        assertEquals("off", carrier("c", "OFF", "", 0, "", -1, 0).killSwitch());
        assertEquals("TRIPPED: maintenance (until reset)", carrier("c", "TRIPPED", "maintenance", -1, "", -1, 0).killSwitch());
        assertEquals("TRIPPED: ban detected: token endpoint answered 403 (probe in 540 s)",
                carrier("c", "TRIPPED", "ban detected: token endpoint answered 403", 540, "", -1, 0).killSwitch());
        assertEquals("PROBING: token endpoint answered 429",
                carrier("c", "PROBING", "token endpoint answered 429", 0, "", -1, 0).killSwitch());
    }
}
