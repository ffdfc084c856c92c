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
                refused, 0, refusedByReason, NOTHING_OBSERVED);
    }

    private static final WouldBeStatus NOTHING_OBSERVED = new WouldBeStatus(0, 0, 0, 0, 0, 0, 0, 0, 0);

    @Test
    void oneAlignedRowPerCarrierUnderAHeader() {
        List<String> lines = StatusTable.lines(List.of(
                carrier("fedex", "OFF", "", 0, "3f2a9c1e", 3542, 12345),
                carrier("ups", "TRIPPED", "maintenance", -1, "", -1, 0, 7, NONE_REFUSED.replace("kill-switch=0", "kill-switch=7"))),
                null);

        assertEquals(List.of(
                "carrier  kill-switch                         token     expires in  real calls  suppressed  coalesced"
                        + "  rate-limited  401s  upgraded  replayed  refused  bans  refused by reason",
                "fedex    off                                 3f2a9c1e      3542 s           2       12345         19"
                        + "             0     1         3         1        0     0  -",
                "ups      TRIPPED: maintenance (until reset)  -                  -           2           0         19"
                        + "             0     1         3         1        7     0  kill-switch 7"), lines);
    }

    @Test
    void theModeFollowsTheTableAndObserveAddsTheWouldBeFigures() {
        CarrierStatus observed = new CarrierStatus("fedex", "OFF", "", 0, "", -1, 480, 0, 0, 0, 0, 0, 0, 0, 0, NONE_REFUSED,
                new WouldBeStatus(480, 2, 450, 20, 8, 0, 0, 0, 0));

        List<String> enforcing = StatusTable.lines(List.of(carrier("fedex", "OFF", "", 0, "", -1, 0)), "enforce");
        assertEquals(List.of("", "mode: enforce"), enforcing.subList(2, enforcing.size()));

        List<String> observing = StatusTable.lines(List.of(observed), "observe");
        assertEquals(List.of("", "mode: observe", "what enforce would have done with the calls observed:",
                "carrier  token requests  would call  would suppress  would coalesce  would hold back  bans seen"
                        + "  would trip  kill-switch refusals  block/pause refusals",
                "fedex               480           2             450              20                8          0"
                        + "           0                     0                     0"), observing.subList(2, observing.size()));
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
