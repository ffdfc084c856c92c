package dev.tokenguard.demo.client;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * One run of demo.sh as a column of its closing table: the simulator's figures for the carrier and
 * what the users saw, both null if the run failed.
 *
 * <p>A run's DIR holds the simulator's {@code stats.json} and the clients' outputs {@code client-*.out}
 * (each ending in a RESULT line, added up); or a file {@code FAILED} (demo.sh has shown its error),
 * which turns the column into "(agent run failed)" rather than any number. Only the agent run may
 * fail that way: demo.sh stops if the run without it does.
 */
record RunColumn(String title, JsonNode carrierStats, RunResult users) {

    private static final ObjectMapper JSON = new ObjectMapper();

    boolean failed() {
        return users == null;
    }

    /** The columns of {@code CARRIER TITLE=DIR...}, from {@code args[first]} on. */
    static List<RunColumn> fromArgs(String carrier, String[] args, int first) throws IOException {
        List<RunColumn> columns = new ArrayList<>();
        for (int i = first; i < args.length; i++) {
            int equals = args[i].indexOf('=');
            columns.add(read(carrier, args[i].substring(0, equals), Path.of(args[i].substring(equals + 1))));
        }
        return columns;
    }

    static RunColumn read(String carrier, String title, Path dir) throws IOException {
        if (Files.exists(dir.resolve("FAILED"))) {
            return new RunColumn(title, null, null);
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
        return new RunColumn(title, stats, users);
    }
}
