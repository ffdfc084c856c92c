package dev.tokenguard.agent.cli;

import dev.tokenguard.core.Version;
import dev.tokenguard.core.jmx.CarrierMBean;
import java.io.IOException;
import java.io.PrintStream;
import java.lang.reflect.UndeclaredThrowableException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The agent jar's {@code Main-Class}: {@code java -jar tokenguard-agent.jar attach --config FILE [--trip] PID}
 * loads the agent into a JVM started without it ({@link AttachCommand}); {@code status|trip|reset
 * [--carrier ID] [--reason TEXT] PID} shows the figures of the tokenguard agent in a local JVM (with
 * {@code --json} as one JSON object), or trips and resets its kill-switch; {@code invalidate} drops
 * carriers' tokens; {@code mode enforce|observe PID} switches the mode; {@code --version} prints
 * {@code tokenguard <version>}. Without {@code --carrier}, trip, reset and invalidate act on every carrier
 * (the output names each carrier it changed). {@code policies},
 * {@code reload}, {@code block} and {@code unblock} control the throttling policies ({@link ControlCommands}).
 *
 * <p>Exit status: 0 done; 1 something unexpected (a connection lost halfway); 2 usage (a block the
 * agent refuses too); 3 no such process, not a JVM, or no permission to attach; 4 the JVM runs no
 * tokenguard agent, or one without the beans the command needs; 5 no such carrier; 6 no such block;
 * 7 the reloaded file was rejected (nothing changed); 8 {@code attach} to a JVM that runs tokenguard
 * already (nothing changed). A configuration file {@code attach} cannot use is a usage error (2).
 * Every failure is one line on standard error.
 *
 * <p>Run as a main, the jar loads none of the agent's hooks or ASM: only this package, the
 * bean interfaces and names it shares with agent-core, and agent-core's {@link Version} and
 * {@code Durations} (a block's {@code --for} is checked before the JVM is attached to); {@code attach}
 * adds agent-core's configuration parser, which checks the file first, and {@code AgentJar}.
 */
public final class TokenguardCli {
    static final String DEFAULT_REASON = "tripped with tokenguard-agent.jar trip";

    private TokenguardCli() {}

    public static void main(String[] args) {
        System.exit(run(args, System.out, System.err));
    }

    static int run(String[] args, PrintStream out, PrintStream err) {
        try {
            CliArguments arguments = CliArguments.parse(args);
            if (arguments.command() == CliArguments.Command.HELP) {
                out.println(CliArguments.USAGE);
                return 0;
            }
            if (arguments.command() == CliArguments.Command.VERSION) {
                out.println("tokenguard " + Version.current());
                return 0;
            }
            if (arguments.command() == CliArguments.Command.ATTACH) {
                new AttachCommand(out).run(arguments.pid(), arguments.attach());
                return 0;
            }
            try (AgentConnection agent = AgentConnection.open(arguments.pid())) {
                execute(arguments, agent, out);
            }
            return 0;
        } catch (CliFailure e) {
            err.println("tokenguard: " + e.getMessage());
            return e.exitCode();
        } catch (IOException | RuntimeException e) {
            // JMX proxies wrap a checked failure (connection lost, bean gone) in UndeclaredThrowableException.
            Throwable cause = e instanceof UndeclaredThrowableException u && u.getCause() != null ? u.getCause() : e;
            err.println("tokenguard: failed while talking to the JVM: " + cause);
            return CliFailure.FAILED;
        }
    }

    private static void execute(CliArguments arguments, AgentConnection agent, PrintStream out)
            throws CliFailure, IOException {
        ControlCommands control = new ControlCommands(arguments.pid(), out);
        switch (arguments.command()) {
            case POLICIES -> control.policies(agent.policies());
            case RELOAD -> control.reload(agent.config());
            case BLOCK -> {
                if (!arguments.carrier().equals("*")) {
                    agent.carriers(arguments.carrier()); // an unknown carrier fails as for the other commands
                }
                control.block(agent.blocks(), arguments.carrier(), arguments.block(), arguments.reason());
            }
            case UNBLOCK -> control.unblock(agent.blocks(), arguments.blockId());
            case MODE -> control.mode(agent.config(), arguments.mode());
            case STATUS -> status(arguments, agent, out);
            default -> carriers(arguments, agent.carriers(arguments.carrier()), out);
        }
    }

    private static void status(CliArguments arguments, AgentConnection agent, PrintStream out)
            throws CliFailure, IOException {
        List<CarrierStatus> rows = new ArrayList<>();
        agent.carriers(arguments.carrier()).forEach((id, bean) -> rows.add(CarrierStatus.read(id, bean)));
        String mode = agent.mode();
        if (arguments.json()) {
            out.println(StatusJson.of(arguments.pid(), mode, rows));
        } else {
            StatusTable.lines(rows, mode).forEach(out::println);
        }
    }

    /** {@code trip}, {@code reset} and {@code invalidate}: the commands over the carriers' beans. */
    private static void carriers(CliArguments arguments, Map<String, CarrierMBean> carriers, PrintStream out) {
        if (arguments.command() == CliArguments.Command.INVALIDATE) {
            carriers.forEach((id, bean) -> {
                int dropped = bean.invalidateToken();
                out.println(id + ": " + dropped + " token" + (dropped == 1 ? "" : "s") + " dropped; the next request renews");
            });
            return;
        }
        boolean trip = arguments.command() == CliArguments.Command.TRIP;
        if (arguments.carrier() == null) {
            out.println("no --carrier given: " + (trip ? "tripping" : "resetting") + " the kill-switch of all "
                    + carriers.size() + " carriers");
        }
        String reason = arguments.reason() == null ? DEFAULT_REASON : arguments.reason();
        carriers.forEach((id, bean) -> {
            if (trip) {
                bean.tripKillSwitch(reason);
            } else {
                bean.resetKillSwitch();
            }
            out.println(id + ": kill-switch " + CarrierStatus.read(id, bean).killSwitch());
        });
    }
}
