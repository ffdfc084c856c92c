package dev.tokenguard.it.support;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs {@code java -jar tokenguard-agent.jar ARGS}, as an operator would, and keeps what it printed. */
public final class AgentCli {

    public record Run(int exit, List<String> stdout, List<String> stderr) {}

    private AgentCli() {}

    public static Run run(String... args) throws Exception {
        return run(List.of(), args);
    }

    public static Run run(List<String> jvmArgs, String... args) throws Exception {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(jvmArgs);
        command.addAll(List.of("-jar", Artifacts.agentJar().toString()));
        command.addAll(List.of(args));
        Path out = Files.createTempFile("tokenguard-cli-out", ".txt");
        Path err = Files.createTempFile("tokenguard-cli-err", ".txt");
        try {
            Process process = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new AssertionError("still running after 60 s: " + command);
            }
            return new Run(process.exitValue(), Files.readAllLines(out), Files.readAllLines(err));
        } finally {
            Files.deleteIfExists(out);
            Files.deleteIfExists(err);
        }
    }
}
