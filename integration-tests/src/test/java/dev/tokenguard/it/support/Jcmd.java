package dev.tokenguard.it.support;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** The real {@code jcmd} of a JDK, as a user runs it against an application's JVM. */
public final class Jcmd {
    private static final long TIMEOUT_SECONDS = 60;

    private Jcmd() {}

    /**
     * {@code jcmd PID JVMTI.agent_load AGENT_JAR OPTIONS...}, each option one word as the shell hands
     * it over: the documented {@code '"config=PATH"'} is the word {@code "config=PATH"}, double quotes
     * included. Fails where jcmd exits other than 0. What the agent makes of the options shows on the
     * application's standard error, not in jcmd's output.
     */
    public static void agentLoad(Path javaHome, long pid, String... options) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(javaHome.resolve("bin").resolve("jcmd").toString(),
                Long.toString(pid), "JVMTI.agent_load", Artifacts.agentJar().toString()));
        command.addAll(List.of(options));
        Path output = Files.createTempFile("tokenguard-it-jcmd", ".log");
        Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(output.toFile()).start();
        if (!process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor();
            throw new AssertionError("still running after " + TIMEOUT_SECONDS + " s: " + command);
        }
        if (process.exitValue() != 0) {
            throw new AssertionError(command + " exited with " + process.exitValue() + ":\n" + Files.readString(output));
        }
    }
}
