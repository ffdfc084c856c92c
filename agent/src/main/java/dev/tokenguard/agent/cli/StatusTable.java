package dev.tokenguard.agent.cli;

import dev.tokenguard.agent.cli.TextTable.Column;
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

    private StatusTable() {}

    static List<String> lines(List<CarrierStatus> carriers) {
        return TABLE.lines(carriers);
    }
}
