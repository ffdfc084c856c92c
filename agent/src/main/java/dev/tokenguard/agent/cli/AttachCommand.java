package dev.tokenguard.agent.cli;

import dev.tokenguard.agent.AgentJar;
import dev.tokenguard.core.Version;
import dev.tokenguard.core.config.ConfigException;
import dev.tokenguard.core.config.ConfigLocator;
import dev.tokenguard.core.config.ConfigParser;
import dev.tokenguard.core.jmx.CarrierMBean;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Set;

/**
 * {@code attach --config FILE [--trip] PID}: loads the agent into a JVM that started without it, and
 * returns once its hooks are in place and its beans answer.
 *
 * <p>In this order, so that a refusal changes nothing: the file is parsed here first (a bad file is a
 * usage error with the parser's message, and nothing is attached); a JVM that runs tokenguard already
 * (it has carrier beans) is left as it is; then the attach API loads the agent with
 * {@code config=FILE[,trip=true]}. The agent's {@code agentmain} runs inside {@code loadAgent}: when
 * that returns, the kill-switches are tripped (with {@code --trip}) and the client classes already
 * loaded are retransformed. The beans come a moment later, from the agent's JMX thread, and what
 * they say is printed: each carrier guarded and the state of its kill-switch.
 */
final class AttachCommand {
    /** The beans come {@code JmxRegistration.DELAY} after the agent starts; this leaves room for a busy machine. */
    private static final Duration BEANS_DEADLINE = Duration.ofSeconds(30);

    private final PrintStream out;

    AttachCommand(PrintStream out) {
        this.out = out;
    }

    void run(long pid, CliArguments.Attach attach) throws CliFailure, IOException {
        Path config = readable(attach.config());
        try (AgentConnection agent = AgentConnection.open(pid)) {
            Set<String> running = agent.carrierIds();
            if (!running.isEmpty()) {
                throw new CliFailure(CliFailure.ALREADY_RUNNING, "PID " + pid + " runs a tokenguard agent already"
                        + " (carriers: " + String.join(", ", running) + "); nothing changed");
            }
            String options = ConfigLocator.AGENT_ARGUMENT + "=" + config
                    + (attach.trip() ? "," + ConfigLocator.TRIP_ARGUMENT + "=true" : "");
            agent.loadAgent(AgentJar.path(), options);
            Map<String, CarrierMBean> carriers = agent.awaitCarriers(BEANS_DEADLINE);
            out.println("attached tokenguard " + Version.current() + " to PID " + pid + " with " + config);
            carriers.forEach((id, bean) ->
                    out.println(id + ": guarded, kill-switch " + CarrierStatus.read(id, bean).killSwitch()));
        }
    }

    /** The file as the agent will read it, parsed here so that a bad one attaches nothing. */
    private static Path readable(String file) throws CliFailure {
        Path path;
        try {
            path = Path.of(file).toAbsolutePath().normalize();
        } catch (InvalidPathException e) {
            throw new CliFailure(CliFailure.USAGE, "--config: '" + file + "' is not a valid path: " + e.getReason());
        }
        if (!Files.isRegularFile(path)) {
            throw new CliFailure(CliFailure.USAGE, "--config: no file " + path);
        }
        try {
            ConfigParser.fromSystem().parse(new ConfigLocator.Location(path, "--config"));
        } catch (ConfigException e) {
            throw new CliFailure(CliFailure.USAGE, e.getMessage() + "; nothing was attached");
        }
        return path;
    }
}
