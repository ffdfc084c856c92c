package dev.tokenguard.agent.cli;

import dev.tokenguard.agent.cli.TextTable.Column;
import java.util.ArrayList;
import java.util.List;

/** The {@code status} output: one row per carrier. */
final class StatusTable {

    private static final TextTable<CarrierStatus> TABLE = new TextTable<>(List.of(
            new Column<>("carrier", false, CarrierStatus::id),
            new Column<>("kill-switch", false, CarrierStatus::killSwitch),
            new Column<>("token", false, s -> s.tokenFingerprint().isEmpty() ? "-" : s.tokenFingerprint()),
            new Column<>("expires in", true, s -> s.tokenExpiresInSeconds() < 0 ? "-" : s.tokenExpiresInSeconds() + " s"),
            new Column<>("real calls", true, s -> Long.toString(s.realTokenCalls())),
            new Column<>("suppressed", true, s -> Long.toString(s.suppressedRenewals())),
            new Column<>("coalesced", true, s -> Long.toString(s.coalescedWaiters())),
            new Column<>("rate-limited", true, s -> Long.toString(s.rateLimitedRenewals())),
            new Column<>("401s", true, s -> Long.toString(s.unauthorized())),
            new Column<>("upgraded", true, s -> Long.toString(s.upgraded())),
            new Column<>("replayed", true, s -> Long.toString(s.replayed())),
            new Column<>("refused", true, s -> Long.toString(s.refused())),
            new Column<>("bans", true, s -> Long.toString(s.bansDetected())),
            new Column<>("refused by reason", false, CarrierStatus::refusals)));

    /** What enforce would have done with the calls observe mode let go (see the README's "Observe mode"). */
    private static final TextTable<CarrierStatus> WOULD_BE = new TextTable<>(List.of(
            new Column<>("carrier", false, CarrierStatus::id),
            new Column<>("token requests", true, s -> Long.toString(s.wouldBe().observedTokenRequests())),
            new Column<>("would call", true, s -> Long.toString(s.wouldBe().tokenCalls())),
            new Column<>("would suppress", true, s -> Long.toString(s.wouldBe().suppressed())),
            new Column<>("would coalesce", true, s -> Long.toString(s.wouldBe().coalesced())),
            new Column<>("would hold back", true, s -> Long.toString(s.wouldBe().heldBack())),
            new Column<>("bans seen", true, s -> Long.toString(s.wouldBe().bansSeen())),
            new Column<>("would trip", true, s -> Long.toString(s.wouldBe().killSwitchTrips())),
            new Column<>("kill-switch refusals", true, s -> Long.toString(s.wouldBe().killSwitchRefusals())),
            new Column<>("block/pause refusals", true, s -> Long.toString(s.wouldBe().policyRefusals()))));

    private StatusTable() {}

    /**
     * The table, then the mode; in observe mode, or once anything was observed, the would-be figures'
     * table after it. {@code mode} null: an agent without a mode (an older one), and no line for it.
     */
    static List<String> lines(List<CarrierStatus> carriers, String mode) {
        List<String> lines = new ArrayList<>(TABLE.lines(carriers));
        if (mode == null) {
            return lines;
        }
        lines.add("");
        lines.add("mode: " + mode);
        if ("observe".equals(mode) || carriers.stream().anyMatch(c -> c.wouldBe().any())) {
            lines.add("what enforce would have done with the calls observed:");
            lines.addAll(WOULD_BE.lines(carriers));
        }
        return lines;
    }
}
