package dev.tokenguard.agent.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/** A table of the command line's output: a header row, columns aligned, numbers to the right. */
final class TextTable<T> {

    record Column<T>(String header, boolean number, Function<T, String> value) {}

    private final List<Column<T>> columns;

    TextTable(List<Column<T>> columns) {
        this.columns = List.copyOf(columns);
    }

    List<String> lines(List<T> rows) {
        List<List<String>> cells = new ArrayList<>();
        cells.add(columns.stream().map(Column::header).toList());
        for (T row : rows) {
            cells.add(columns.stream().map(c -> c.value().apply(row)).toList());
        }
        int[] widths = new int[columns.size()];
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
                line.append(i == 0 ? "" : "  ").append(columns.get(i).number() ? pad + cell : cell + pad);
            }
            lines.add(line.toString().stripTrailing());
        }
        return lines;
    }
}
