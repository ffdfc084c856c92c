package dev.tokenguard.demo.client;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.stream.Stream;

/**
 * demo.sh's closing table: what the carrier saw and what the users saw, one column per run.
 *
 * <p>Arguments: {@code CARRIER TITLE=DIR...}. Each DIR holds the simulator's {@code stats.json} and
 * the clients' outputs {@code client-*.out} (each ending in a RESULT line, added up); or a file
 * {@code FAILED} (demo.sh has shown its error), which turns the column into "(agent run failed)"
 * rather than any number. Only the agent run may fail that way: demo.sh stops if the run without it
 * does.
 */
public final class ComparisonTable {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String FAILED_COLUMN = "(agent run failed)";

    /** One run's numbers; both null if it failed. */
    private record Column(String title, JsonNode carrierStats, RunResult users) {

        boolean failed() {
            return users == null;
        }
    }

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
        List<Column> columns = new ArrayList<>();
        for (int i = 1; i < args.length; i++) {
            int equals = args[i].indexOf('=');
            columns.add(read(args[0], args[i].substring(0, equals), Path.of(args[i].substring(equals + 1))));
        }
        print(columns, out);
    }

    private static Column read(String carrier, String title, Path dir) throws IOException {
        if (Files.exists(dir.resolve("FAILED"))) {
            return new Column(title, null, null);
        }
        JsonNode stats = JSON.readTree(dir.resolve("stats.json").toFile()).path(carrier);
        RunResult users = RunResult.empty();
        try (Stream<Path> outputs = Files.list(dir)) {
            for (Path output : outputs.filter(p -> p.getFileName().toString().matches("client-\\d+\\.out")).sorted().toList()) {
                List<String> lines = Files.readAllLines(output).stream().filter(l -> l.startsWith(RunResult.PREFIX)).toList();
                if (lines.isEmpty()) {
                    throw new IOException(output + " has no RESULT line");
                }
                users = users.plus(RunResult.fromResultLine(lines.get(lines.size() - 1)));
            }
        }
        return new Column(title, stats, users);
    }

    private static void print(List<Column> columns, PrintStream out) {
        StringBuilder header = new StringBuilder(String.format("%-34s", ""));
        columns.forEach(c -> header.append(String.format(" %18s", c.title())));
        out.println(header);
        out.println("carrier saw");
        carrierRow(out, columns, "  token calls", s -> s.path("tokenCalls").asText("?"));
        carrierRow(out, columns, "  peak token calls/s", s -> s.path("peakTokenCallsPerSecond").asText("?"));
        carrierRow(out, columns, "  bans", s -> s.path("bans").asText("?"));
        for (String status : List.of("200", "401", "403")) {
            carrierRow(out, columns, "  API calls " + status, s -> s.path("apiCallsByStatus").path(status).asText("0"));
        }
        out.println("users saw");
        userRow(out, columns, "  calls ok", RunResult::ok);
        userRow(out, columns, "  calls failed", RunResult::failedTotal);
        for (Failure failure : Failure.values()) {
            // The agent promises that it refuses nothing a run without it would have served: its row
            // shows even at 0, which is the figure that says the promise held.
            boolean shown = failure == Failure.REFUSED_BY_AGENT
                    || columns.stream().anyMatch(c -> !c.failed() && c.users().failed(failure) > 0);
            if (shown) {
                userRow(out, columns, "    " + failure.reason(), r -> r.failed(failure));
            }
        }
        userRow(out, columns, "  token requests made by the app", RunResult::tokenRequests);
    }

    private static void carrierRow(PrintStream out, List<Column> columns, String name, Function<JsonNode, String> cell) {
        row(out, columns, name, c -> cell.apply(c.carrierStats()));
    }

    private static void userRow(PrintStream out, List<Column> columns, String name, Function<RunResult, Long> cell) {
        row(out, columns, name, c -> Long.toString(cell.apply(c.users())));
    }

    private static void row(PrintStream out, List<Column> columns, String name, Function<Column, String> cell) {
        StringBuilder line = new StringBuilder(String.format("%-34s", name));
        for (Column column : columns) {
            line.append(String.format(" %18s", column.failed() ? FAILED_COLUMN : cell.apply(column)));
        }
        out.println(line);
    }
}
