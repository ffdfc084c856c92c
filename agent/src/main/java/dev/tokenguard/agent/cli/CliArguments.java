package dev.tokenguard.agent.cli;

import java.util.Locale;

/**
 * {@code status|trip|reset [--carrier ID] [--reason TEXT] PID}, or {@code --help}, or {@code --version}. Options may come in
 * any order around the PID, as {@code --flag value} or {@code --flag=value}.
 *
 * @param carrier the carrier to act on, or null for all of them
 * @param reason  the reason a trip gives, or null for the default
 */
record CliArguments(Command command, String carrier, String reason, long pid) {
    static final String USAGE = "usage: java -jar tokenguard-agent.jar status|trip|reset [--carrier ID] [--reason TEXT] PID";

    enum Command { STATUS, TRIP, RESET, HELP, VERSION }

    static CliArguments parse(String... args) throws CliFailure {
        if (args.length == 1 && (args[0].equals("--help") || args[0].equals("-h"))) {
            return new CliArguments(Command.HELP, null, null, 0);
        }
        if (args.length == 1 && args[0].equals("--version")) {
            return new CliArguments(Command.VERSION, null, null, 0);
        }
        if (args.length == 0) {
            throw usage("no command given");
        }
        Command command = command(args[0]);
        String carrier = null;
        String reason = null;
        String pid = null;
        for (int i = 1; i < args.length; i++) {
            String arg = args[i];
            if (arg.startsWith("--")) {
                int equals = arg.indexOf('=');
                String flag = equals > 0 ? arg.substring(0, equals) : arg;
                if (equals < 0 && i + 1 >= args.length) {
                    throw usage(flag + " needs a value");
                }
                String value = equals > 0 ? arg.substring(equals + 1) : args[++i];
                switch (flag) {
                    case "--carrier" -> carrier = value;
                    case "--reason" -> reason = value;
                    default -> throw usage("unknown option " + flag);
                }
            } else if (pid == null) {
                pid = arg;
            } else {
                throw usage("one PID only, got " + pid + " and " + arg);
            }
        }
        if (reason != null && command != Command.TRIP) {
            throw usage("--reason goes with trip only");
        }
        if (pid == null) {
            throw usage("the PID of the JVM to talk to is missing (jps lists them)");
        }
        return new CliArguments(command, carrier, reason, pid(pid));
    }

    private static Command command(String word) throws CliFailure {
        return switch (word) {
            case "status", "trip", "reset" -> Command.valueOf(word.toUpperCase(Locale.ROOT));
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
