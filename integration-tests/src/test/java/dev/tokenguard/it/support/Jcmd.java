package dev.tokenguard.it.support;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
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
     * included. Returns jcmd's output; fails where jcmd exits other than 0.
     */
    public static String agentLoad(Path javaHome, long pid, String... options) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(javaHome.resolve("bin").resolve("jcmd").toString(),
                Long.toString(pid), "JVMTI.agent_load", Artifacts.agentJar().toString()));
        command.addAll(List.of(options));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor();
            throw new AssertionError("still running after " + TIMEOUT_SECONDS + " s: " + command);
        }
        if (process.exitValue() != 0) {
            throw new AssertionError(command + " exited with " + process.exitValue() + ":\n" + output);
        }
        return output;
    }
}
