package dev.tokenguard.demo.client;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ComparisonTableTest {
    private static final String STATS = "{\"fedex\":{\"tokenCalls\":3,\"peakTokenCallsPerSecond\":1,\"bans\":0,"
            + "\"apiCallsByStatus\":{\"200\":40}}}";

    @TempDir
    Path runs;

    @Test
    void refusedByTheAgentIsARowEvenWhenNoRunHadAny() throws IOException {
        Path without = run("without", new RunResult(40, Map.of(), Map.of(), Map.of("200", 3L), Map.of("200", 40L)));
        Path with = run("with", new RunResult(40, Map.of(), Map.of(), Map.of("200", 1L), Map.of("200", 40L)));

        String table = print("without agent=" + without, "with agent=" + with);

        assertTrue(table.lines().anyMatch(line -> line.matches("\\s+refused-by-agent\\s+0\\s+0")), table);
    }

    @Test
    void otherFailureReasonsAreRowsOnlyWhereSomeRunHadThem() throws IOException {
        Path without = run("without", new RunResult(30, Map.of(), Map.of("auth", 10L), Map.of("200", 9L), Map.of("200", 30L)));
        Path with = run("with", new RunResult(40, Map.of(), Map.of(), Map.of("200", 1L), Map.of("200", 40L)));

        String table = print("without agent=" + without, "with agent=" + with);

        assertTrue(table.lines().anyMatch(line -> line.matches("\\s+auth\\s+10\\s+0")), table);
        assertTrue(table.lines().noneMatch(line -> line.trim().startsWith("forbidden")), table);
    }

    private Path run(String name, RunResult users) throws IOException {
        Path dir = Files.createDirectory(runs.resolve(name));
        Files.writeString(dir.resolve("stats.json"), STATS);
        Files.writeString(dir.resolve("client-1.out"), "table\n" + users.toResultLine() + "\n");
        return dir;
    }

    private static String print(String... columns) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        String[] args = new String[columns.length + 1];
        args[0] = "fedex";
        System.arraycopy(columns, 0, args, 1, columns.length);
        ComparisonTable.print(args, new PrintStream(out, true, StandardCharsets.UTF_8));
        return out.toString(StandardCharsets.UTF_8);
    }
}
