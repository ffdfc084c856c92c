package dev.tokenguard.agent.cli;

import dev.tokenguard.core.config.Durations;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.StringJoiner;

/**
 * The command line: {@code attach --config FILE [--trip] PID},
 * {@code status|trip|reset [--carrier ID] [--reason TEXT] PID} ({@code status} also {@code --json}),
 * {@code invalidate [--carrier ID] PID}, {@code mode enforce|observe PID}, {@code policies PID},
 * {@code reload PID}, {@code block --carrier ID [--method M] [--path GLOB] [--header NAME=VALUE]
 * [--for DURATION] --reason TEXT PID}, {@code unblock ID PID}, or {@code --help}, or {@code --version}.
 * Options may come in any order around the PID, as {@code --flag value} or {@code --flag=value};
 * {@code --trip} and {@code --json} take no value.
 *
 * @param carrier the carrier to act on, or null for all of them ({@code *} for a block on every carrier)
 * @param reason  the reason a trip or a block gives, or null for a trip's default
 * @param block   what {@code block} refuses, or null for the other commands
 * @param blockId the block {@code unblock} lifts, or null for the other commands
 * @param attach  what {@code attach} loads, or null for the other commands
 * @param mode    the mode {@code mode} switches to ({@code enforce} or {@code observe}), or null
 * @param json    {@code status --json}: one JSON object instead of the table
 */
record CliArguments(Command command, String carrier, String reason, long pid, Block block, String blockId, Attach attach,
                    String mode, boolean json) {
    static final String USAGE = "usage: java -jar tokenguard-agent.jar attach --config FILE [--trip] PID"
            + " | status [--carrier ID] [--json] PID | trip|reset [--carrier ID] [--reason TEXT] PID"
            + " | invalidate [--carrier ID] PID | mode enforce|observe PID"
            + " | policies PID | reload PID | block --carrier ID [--method M] [--path GLOB] [--header NAME=VALUE]"
            + " [--for DURATION] --reason TEXT PID | unblock ID PID";

    enum Command { ATTACH, STATUS, TRIP, RESET, INVALIDATE, MODE, POLICIES, RELOAD, BLOCK, UNBLOCK, HELP, VERSION }

    /**
     * What a block refuses, besides its carrier; null where any.
     *
     * @param duration as written ({@code 10m}); null for until unblocked
     */
    record Block(String method, String path, String header, String duration) {}

    /**
     * What {@code attach} loads.
     *
     * @param config the configuration file, as given
     * @param trip   whether every carrier's kill-switch is tripped as the agent starts
     */
    record Attach(String config, boolean trip) {}

    /** Options that take no value: present or not. */
    private static final Set<String> SWITCHES = Set.of("--trip", "--json");

    /** The options each command takes; any other is a usage error. */
    private static final Map<Command, Set<String>> OPTIONS = Map.of(
            Command.ATTACH, Set.of("--config", "--trip"),
            Command.STATUS, Set.of("--carrier", "--json"),
            Command.TRIP, Set.of("--carrier", "--reason"),
            Command.RESET, Set.of("--carrier"),
            Command.INVALIDATE, Set.of("--carrier"),
            Command.MODE, Set.of(),
            Command.POLICIES, Set.of(),
            Command.RELOAD, Set.of(),
            Command.BLOCK, Set.of("--carrier", "--method", "--path", "--header", "--for", "--reason"),
            Command.UNBLOCK, Set.of());
    private static final List<Command> IN_USAGE_ORDER = List.of(Command.ATTACH, Command.STATUS, Command.TRIP,
            Command.RESET, Command.INVALIDATE, Command.MODE, Command.POLICIES, Command.RELOAD, Command.BLOCK,
            Command.UNBLOCK);

    static CliArguments parse(String... args) throws CliFailure {
        if (args.length == 1 && (args[0].equals("--help") || args[0].equals("-h"))) {
            return new CliArguments(Command.HELP, null, null, 0, null, null, null, null, false);
        }
        if (args.length == 1 && args[0].equals("--version")) {
            return new CliArguments(Command.VERSION, null, null, 0, null, null, null, null, false);
        }
        if (args.length == 0) {
            throw usage("no command given");
        }
        Command command = command(args[0]);
        Map<String, String> options = new LinkedHashMap<>();
        List<String> words = new ArrayList<>();
        for (int i = 1; i < args.length; i++) {
            String arg = args[i];
            if (arg.startsWith("--")) {
                int equals = arg.indexOf('=');
                String flag = equals > 0 ? arg.substring(0, equals) : arg;
                if (SWITCHES.contains(flag)) {
                    checkOption(command, flag);
                    if (equals > 0) {
                        throw usage(flag + " takes no value");
                    }
                    if (options.put(flag, "true") != null) {
                        throw usage(flag + " given twice");
                    }
                    continue;
                }
                if (equals < 0 && i + 1 >= args.length) {
                    throw usage(flag + " needs a value");
                }
                String value = equals > 0 ? arg.substring(equals + 1) : args[++i];
                checkOption(command, flag);
                if (options.put(flag, value) != null) {
                    throw usage(flag + " given twice");
                }
            } else {
                words.add(arg);
            }
        }
        String blockId = null;
        if (command == Command.UNBLOCK) {
            if (words.size() != 2) {
                throw usage("unblock takes the block's id and the PID, got " + (words.isEmpty() ? "neither"
                        : String.join(" ", words)));
            }
            blockId = words.remove(0);
        }
        String mode = null;
        if (command == Command.MODE) {
            if (words.size() != 2 || !words.get(0).equals("enforce") && !words.get(0).equals("observe")) {
                throw usage("mode takes enforce or observe, then the PID, got " + (words.isEmpty() ? "neither"
                        : String.join(" ", words)));
            }
            mode = words.remove(0);
        }
        if (words.isEmpty()) {
            throw usage("the PID of the JVM to talk to is missing (jps lists them)");
        }
        if (words.size() > 1) {
            throw usage("one PID only, got " + String.join(" and ", words));
        }
        Block block = command == Command.BLOCK ? block(options) : null;
        Attach attach = command == Command.ATTACH ? attach(options) : null;
        return new CliArguments(command, options.get("--carrier"), options.get("--reason"), pid(words.get(0)), block,
                blockId, attach, mode, options.containsKey("--json"));
    }

    private static void checkOption(Command command, String flag) throws CliFailure {
        if (OPTIONS.get(command).contains(flag)) {
            return;
        }
        StringJoiner takers = new StringJoiner(" and ");
        for (Command c : IN_USAGE_ORDER) {
            if (OPTIONS.get(c).contains(flag)) {
                takers.add(c.name().toLowerCase(Locale.ROOT));
            }
        }
        throw usage(takers.length() == 0 ? "unknown option " + flag : flag + " goes with " + takers + " only");
    }

    /** A block needs its carrier and its reason; the rest is checked here where the command line can. */
    private static Block block(Map<String, String> options) throws CliFailure {
        if (options.get("--carrier") == null || options.get("--carrier").isBlank()) {
            throw usage("block needs --carrier ID (* for every carrier)");
        }
        if (options.get("--reason") == null || options.get("--reason").isBlank()) {
            throw usage("block needs --reason TEXT: it is said to every call the block refuses");
        }
        String header = options.get("--header");
        if (header != null && header.indexOf('=') <= 0) {
            throw usage("--header takes NAME=VALUE, got '" + header + "'");
        }
        String duration = options.get("--for");
        if (duration != null) {
            try {
                Durations.parse(duration);
            } catch (IllegalArgumentException e) {
                throw usage("--for: " + e.getMessage());
            }
        }
        return new Block(options.get("--method"), options.get("--path"), header, duration);
    }

    /** The file is read before the JVM is attached to; here only its presence and its form are checked. */
    private static Attach attach(Map<String, String> options) throws CliFailure {
        String config = options.get("--config");
        if (config == null || config.isBlank()) {
            throw usage("attach needs --config FILE, the configuration the agent runs with");
        }
        // The agent's option string separates its pairs with commas (see ConfigLocator).
        if (config.indexOf(',') >= 0) {
            throw usage("--config: the agent cannot be given a path holding a comma, got '" + config + "'");
        }
        return new Attach(config, options.containsKey("--trip"));
    }

    private static Command command(String word) throws CliFailure {
        return switch (word) {
            case "attach", "status", "trip", "reset", "invalidate", "mode", "policies", "reload", "block", "unblock" ->
                    Command.valueOf(word.toUpperCase(Locale.ROOT));
            default -> throw usage("unknown command '" + word + "'");
        };
    }

    private static long pid(String text) throws CliFailure {
        try {
            long pid = Long.parseLong(text);
            if (pid > 0) {
                return pid;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw usage("a PID is a positive whole number, got '" + text + "'");
    }

    private static CliFailure usage(String problem) {
        return new CliFailure(CliFailure.USAGE, problem + "; " + USAGE);
    }
}
