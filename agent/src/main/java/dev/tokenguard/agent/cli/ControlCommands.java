package dev.tokenguard.agent.cli;

import dev.tokenguard.core.jmx.BlocksMBean;
import dev.tokenguard.core.jmx.ConfigMBean;
import dev.tokenguard.core.jmx.PolicyMBean;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The commands of run-time control over the agent's beans: {@code policies}, {@code reload},
 * {@code block}, {@code unblock} and {@code mode}. What the agent refuses becomes a {@link CliFailure} with its
 * exit status; the agent's message is passed on as it is.
 */
final class ControlCommands {
    private final long pid;
    private final PrintStream out;

    ControlCommands(long pid, PrintStream out) {
        this.pid = pid;
        this.out = out;
    }

    /** The table, or one line saying there are none. */
    void policies(Map<String, PolicyMBean> policies) {
        if (policies.isEmpty()) {
            out.println("no policies in force in PID " + pid);
            return;
        }
        List<PolicyStatus> rows = new ArrayList<>();
        policies.forEach((name, bean) -> rows.add(PolicyStatus.read(name, bean)));
        PoliciesTable.lines(rows).forEach(out::println);
    }

    /** Switches the mode; says what it was, so that a switch can be undone. */
    void mode(ConfigMBean config, String mode) {
        String was = config.getMode();
        config.setMode(mode);
        out.println(was.equals(mode) ? "PID " + pid + " already in " + mode + " mode"
                : "PID " + pid + ": mode " + was + " -> " + mode);
    }

    /** Each change on a line of its own, or a line saying nothing changed. */
    void reload(ConfigMBean config) throws CliFailure {
        String[] changes;
        try {
            changes = config.reload();
        } catch (IllegalArgumentException rejected) {
            throw new CliFailure(CliFailure.RELOAD_REJECTED, rejected.getMessage() + "; nothing changed");
        }
        if (changes.length == 0) {
            out.println("reloaded " + config.getFile() + ": nothing in force changed");
        }
        for (String change : changes) {
            out.println(change);
        }
    }

    /** Prints {@code block <id>} on a line of its own, for scripts to pick up. */
    void block(BlocksMBean blocks, String carrier, CliArguments.Block block, String reason) throws CliFailure {
        String id;
        try {
            id = blocks.block(carrier, orEmpty(block.method()), orEmpty(block.path()), orEmpty(block.header()),
                    orEmpty(block.duration()), reason);
        } catch (IllegalArgumentException refused) {
            throw new CliFailure(CliFailure.USAGE, "the agent refused the block: " + refused.getMessage());
        }
        out.println("block " + id);
    }

    void unblock(BlocksMBean blocks, String id) throws CliFailure {
        if (!blocks.unblock(id)) {
            String[] inForce = blocks.getBlocks();
            throw new CliFailure(CliFailure.UNKNOWN_BLOCK, "PID " + pid + " has no block '" + id + "' (never had, or"
                    + " expired); " + (inForce.length == 0 ? "it has none" : "its blocks: " + ids(inForce)));
        }
        out.println("unblocked " + id);
    }

    /** The ids of the bean's lines, each of which starts with its block's id. */
    private static String ids(String[] lines) {
        List<String> ids = new ArrayList<>();
        for (String line : lines) {
            int space = line.indexOf(' ');
            ids.add(space < 0 ? line : line.substring(0, space));
        }
        return String.join(", ", ids);
    }

    private static String orEmpty(String value) {
        return value == null ? "" : value;
    }
}
