package dev.tokenguard.agent.cli;

import dev.tokenguard.agent.cli.TextTable.Column;
import java.util.List;

/** The {@code policies} output: one row per policy in force. */
final class PoliciesTable {

    private static final TextTable<PolicyStatus> TABLE = new TextTable<>(List.of(
            new Column<>("policy", false, PolicyStatus::name),
            new Column<>("carrier", false, PolicyStatus::carrier),
            new Column<>("enabled", false, p -> p.enabled() ? "yes" : "no"),
            new Column<>("mode", false, PolicyStatus::mode),
            new Column<>("matched", true, p -> Long.toString(p.matched())),
            new Column<>("admitted", true, p -> Long.toString(p.admitted())),
            new Column<>("waited", true, p -> Long.toString(p.waited())),
            new Column<>("refused", true, p -> Long.toString(p.refused())),
            new Column<>("shadow", true, p -> Long.toString(p.shadowRefused())),
            new Column<>("in-flight", true, p -> Integer.toString(p.inFlight())),
            new Column<>("paused until", false, p -> p.pausedUntil().isEmpty() ? "-" : p.pausedUntil())));

    private PoliciesTable() {}

    static List<String> lines(List<PolicyStatus> policies) {
        return TABLE.lines(policies);
    }
}
