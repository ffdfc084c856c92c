package dev.tokenguard.demo.client;

import java.io.IOException;
import java.io.PrintStream;
import java.util.List;

/**
 * demo.sh's closing table for the token storm: what the carrier saw and what the users saw, one
 * column per run. Arguments: {@code CARRIER TITLE=DIR...}, each DIR a {@link RunColumn}.
 */
public final class ComparisonTable {

    private ComparisonTable() {}

    public static void main(String[] args) throws IOException {
        if (args.length < 2) {
            System.err.println("usage: ComparisonTable CARRIER TITLE=DIR...");
            System.exit(2);
        }
        print(args, System.out);
    }

    /** The table for {@code CARRIER TITLE=DIR...}. */
    static void print(String[] args, PrintStream out) throws IOException {
        print(new TablePrinter(RunColumn.fromArgs(args[0], args, 1), out));
    }

    private static void print(TablePrinter table) {
        table.header();
        table.section("carrier saw");
        table.carrierRow("  token calls", s -> s.path("tokenCalls").asText("?"));
        table.carrierRow("  peak token calls/s", s -> s.path("peakTokenCallsPerSecond").asText("?"));
        table.carrierRow("  bans", s -> s.path("bans").asText("?"));
        for (String status : List.of("200", "401", "403")) {
            table.carrierRow("  API calls " + status, s -> s.path("apiCallsByStatus").path(status).asText("0"));
        }
        table.section("users saw");
        table.userRow("  calls ok", RunResult::ok);
        table.userRow("  calls failed", RunResult::failedTotal);
        for (Failure failure : Failure.values()) {
            // The agent promises that it refuses nothing a run without it would have served: its row
            // shows even at 0, which is the figure that says the promise held.
            boolean shown = failure == Failure.REFUSED_BY_AGENT
                    || table.columns().stream().anyMatch(c -> !c.failed() && c.users().failed(failure) > 0);
            if (shown) {
                table.userRow("    " + failure.reason(), r -> r.failed(failure));
            }
        }
        table.userRow("  token requests made by the app", RunResult::tokenRequests);
    }
}
