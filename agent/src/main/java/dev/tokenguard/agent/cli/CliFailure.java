package dev.tokenguard.agent.cli;

/** Why the command line stops: one line for standard error, and the exit status that goes with it. */
final class CliFailure extends Exception {
    /** Anything unexpected, such as a connection lost halfway. */
    static final int FAILED = 1;
    static final int USAGE = 2;
    /** No such process, not a JVM, or no permission to attach to it. */
    static final int CANNOT_ATTACH = 3;
    /** The JVM runs no tokenguard agent (it has no carrier beans), or one without the beans the command needs. */
    static final int NO_AGENT = 4;
    static final int UNKNOWN_CARRIER = 5;
    /** {@code unblock} of an id that names no block in force (never did, or expired). */
    static final int UNKNOWN_BLOCK = 6;
    /** {@code reload} of a file with an error: nothing changed. */
    static final int RELOAD_REJECTED = 7;
    /** {@code attach} to a JVM that runs a tokenguard agent already: nothing changed. */
    static final int ALREADY_RUNNING = 8;

    private final int exitCode;

    CliFailure(int exitCode, String message) {
        super(message, null, false, false);
        this.exitCode = exitCode;
    }

    int exitCode() {
        return exitCode;
    }
}
