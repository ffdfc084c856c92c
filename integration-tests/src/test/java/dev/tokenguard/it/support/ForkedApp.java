package dev.tokenguard.it.support;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * An application JVM forked with {@code -javaagent}, driven over its standard input and output by
 * {@link dev.tokenguard.it.app.ScenarioDriver}: one JSON command a line in, one JSON reply a line
 * out. One forked JVM serves the many scenarios of a suite, so that JVM start-up is paid once.
 * Its standard error (where the agent logs) goes to a file that tests read.
 */
public final class ForkedApp implements AutoCloseable {
    /** Marks the driver's replies among whatever else the application prints. */
    public static final String REPLY_PREFIX = "@@tg ";

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Process process;
    private final Writer commands;
    private final BufferedReader replies;
    private final Path stderr;

    private ForkedApp(Process process, Path stderr) {
        this.process = process;
        this.stderr = stderr;
        this.commands = new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8);
        this.replies = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Sends one command and waits for its reply. */
    public JsonNode send(Map<String, ?> command) throws IOException {
        commands.write(JSON.writeValueAsString(command));
        commands.write('\n');
        commands.flush();
        String line;
        while ((line = replies.readLine()) != null) {
            if (line.startsWith(REPLY_PREFIX)) {
                JsonNode reply = JSON.readTree(line.substring(REPLY_PREFIX.length()));
                if (reply.has("error")) {
                    throw new IOException("scenario driver failed: " + reply.get("error").asText());
                }
                return reply;
            }
        }
        throw new IOException("the forked application exited (" + exitDescription() + "); its stderr:\n" + stderrText());
    }

    /** Everything the application (and the agent in it) wrote to standard error so far. */
    public String stderrText() throws IOException {
        return Files.readString(stderr);
    }

    /** Returns once standard error holds {@code text}; fails, showing it, after {@code timeout}. */
    public void awaitStderr(String text, java.time.Duration timeout) throws Exception {
        Await.until("the application's stderr holds \"" + text + "\"", timeout, () -> stderrText().contains(text),
                () -> {
                    try {
                        return "its stderr:\n" + stderrText();
                    } catch (IOException e) {
                        return "its stderr is unreadable: " + e;
                    }
                });
    }

    public long pid() {
        return process.pid();
    }

    /** {@code SIGKILL}: the JVM dies mid-work, as in a crash, with no shutdown hook run. */
    public void kill() throws InterruptedException {
        process.destroyForcibly().waitFor();
    }

    private String exitDescription() {
        try {
            return process.waitFor(5, TimeUnit.SECONDS) ? "exit code " + process.exitValue() : "still running";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "interrupted";
        }
    }

    @Override
    public void close() throws IOException {
        try {
            commands.close();
        } catch (IOException ignored) {
            // the process is gone already
        }
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
    }

    /** A program that ran to its end. */
    public record Finished(int exitCode, String stdout, String stderr) {}

    public static final class Builder {
        private final List<String> jvmArgs = new ArrayList<>();
        private Path javaHome = Path.of(System.getProperty("java.home"));
        private Path agentConfig;
        private String classpath = Artifacts.appClasspath();
        private String mainClass = "dev.tokenguard.it.app.ScenarioDriver";
        private final List<String> args = new ArrayList<>();
        private final java.util.Map<String, String> environment = new java.util.HashMap<>();

        /** Runs with {@code -javaagent:tokenguard-agent.jar=config=PATH}; without it, no agent. */
        public Builder agentConfig(Path config) {
            this.agentConfig = config;
            return this;
        }

        /** Runs on the JDK or JRE at {@code javaHome}; without it, on the one running the tests. */
        public Builder javaHome(Path javaHome) {
            this.javaHome = javaHome;
            return this;
        }

        public Builder jvmArg(String arg) {
            jvmArgs.add(arg);
            return this;
        }

        /** Sets an environment variable of the forked JVM, beside those it inherits. */
        public Builder env(String name, String value) {
            environment.put(name, value);
            return this;
        }

        public Builder classpath(String classpath) {
            this.classpath = classpath;
            return this;
        }

        public Builder main(String mainClass, String... args) {
            this.mainClass = mainClass;
            this.args.addAll(List.of(args));
            return this;
        }

        public ForkedApp start() throws IOException {
            Path stderr = Files.createTempFile("tokenguard-it-stderr", ".log");
            ProcessBuilder builder = new ProcessBuilder(command()).redirectError(stderr.toFile());
            builder.environment().putAll(environment);
            Process process = builder.start();
            return new ForkedApp(process, stderr);
        }

        /** Runs the program to its end, with nothing on its standard input. */
        public Finished run(java.time.Duration timeout) throws IOException, InterruptedException {
            Path stdout = Files.createTempFile("tokenguard-it-stdout", ".log");
            Path stderr = Files.createTempFile("tokenguard-it-stderr", ".log");
            ProcessBuilder builder = new ProcessBuilder(command())
                    .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
                    .redirectOutput(stdout.toFile())
                    .redirectError(stderr.toFile());
            builder.environment().putAll(environment);
            Process process = builder.start();
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly().waitFor();
                throw new AssertionError("still running after " + timeout + ": " + command() + "\n" + Files.readString(stderr));
            }
            return new Finished(process.exitValue(), Files.readString(stdout), Files.readString(stderr));
        }

        private List<String> command() {
            List<String> command = new ArrayList<>();
            command.add(javaHome.resolve("bin").resolve("java").toString());
            command.add("-Xshare:auto");
            command.add("-XX:TieredStopAtLevel=1");
            if (agentConfig != null) {
                command.add("-javaagent:" + Artifacts.agentJar() + "=config=" + agentConfig);
            }
            command.addAll(jvmArgs);
            command.add("-cp");
            command.add(classpath);
            command.add(mainClass);
            command.addAll(args);
            return command;
        }
    }
}
