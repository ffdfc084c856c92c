package dev.tokenguard.agent.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/** The {@code status} output: one row per carrier, columns aligned, numbers to the right. */
final class StatusTable {

    private record Column(String header, boolean number, Function<CarrierStatus, String> value) {}

    private static final List<Column> COLUMNS = List.of(
            new Column("carrier", false, CarrierStatus::id),
            new Column("kill-switch", false, CarrierStatus::killSwitch),
            new Column("token", false, s -> s.tokenFingerprint().isEmpty() ? "-" : s.tokenFingerprint()),
            new Column("expires in", true, s -> s.tokenExpiresInSeconds() < 0 ? "-" : s.tokenExpiresInSeconds() + " s"),
            new Column("real calls", true, s -> Long.toString(s.realTokenCalls())),
            new Column("suppressed", true, s -> Long.toString(s.suppressedRenewals())),
            new Column("coalesced", true, s -> Long.toString(s.coalescedWaiters())),
            new Column("rate-limited", true, s -> Long.toString(s.rateLimitedRenewals())),
            new Column("401s", true, s -> Long.toString(s.unauthorized())),
            new Column("upgraded", true, s -> Long.toString(s.upgraded())),
            new Column("replayed", true, s -> Long.toString(s.replayed())),
            new Column("refused", true, s -> Long.toString(s.refused())),
            new Column("bans", true, s -> Long.toString(s.bansDetected())),
            new Column("refused by reason", false, CarrierStatus::refusals));

    private StatusTable() {}

    static List<String> lines(List<CarrierStatus> carriers) {
        List<List<String>> cells = new ArrayList<>();
        cells.add(COLUMNS.stream().map(Column::header).toList());
        for (CarrierStatus carrier : carriers) {
            cells.add(COLUMNS.stream().map(c -> c.value().apply(carrier)).toList());
        }
        int[] widths = new int[COLUMNS.size()];
        for (List<String> row : cells) {
            for (int i = 0; i < widths.length; i++) {
                widths[i] = Math.max(widths[i], row.get(i).length());
            }
        }
        List<String> lines = new ArrayList<>();
        for (List<String> row : cells) {
            StringBuilder line = new StringBuilder();
            for (int i = 0; i < widths.length; i++) {
                String cell = row.get(i);
                String pad = " ".repeat(widths[i] - cell.length());
                line.append(i == 0 ? "" : "  ").append(COLUMNS.get(i).number() ? pad + cell : cell + pad);
            }
            lines.add(line.toString().stripTrailing());
        }
        return lines;
    }
}
