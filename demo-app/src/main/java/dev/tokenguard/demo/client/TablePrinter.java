package dev.tokenguard.demo.client;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintStream;
import java.util.List;
import java.util.function.Function;

/** Prints the rows of demo.sh's closing tables: a name, then one cell per {@link RunColumn}. */
final class TablePrinter {

    private static final String FAILED_COLUMN = "(agent run failed)";

    private final List<RunColumn> columns;
    private final PrintStream out;

    TablePrinter(List<RunColumn> columns, PrintStream out) {
        this.columns = List.copyOf(columns);
        this.out = out;
    }

    List<RunColumn> columns() {
        return columns;
    }

    void header() {
        StringBuilder header = new StringBuilder(String.format("%-34s", ""));
        columns.forEach(c -> header.append(String.format(" %18s", c.title())));
        out.println(header);
    }

    void section(String name) {
        out.println(name);
    }

    void carrierRow(String name, Function<JsonNode, String> cell) {
        row(name, c -> cell.apply(c.carrierStats()));
    }

    void userRow(String name, Function<RunResult, Long> cell) {
        row(name, c -> Long.toString(cell.apply(c.users())));
    }

    private void row(String name, Function<RunColumn, String> cell) {
        StringBuilder line = new StringBuilder(String.format("%-34s", name));
        for (RunColumn column : columns) {
            line.append(String.format(" %18s", column.failed() ? FAILED_COLUMN : cell.apply(column)));
        }
        out.println(line);
    }
}
