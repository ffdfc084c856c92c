package dev.tokenguard.core.policy;

/**
 * One policy in force, as JMX ({@code tokenguard:type=Policy,name=<name>}) and the command line see it.
 * Switching a policy off keeps its counters; switching it on again resumes them.
 */
public interface PolicyControl {

    String name();

    /** A carrier id, or {@code *} for every carrier. */
    String carrier();

    /** One line: conditions, per, limits, max-wait, mode and action, as the properties file would say them. */
    String describe();

    /** {@code enforce}, {@code shadow} or, for a blocking rule, {@code block}. */
    String mode();

    boolean enabled();

    void setEnabled(boolean enabled);

    PolicyStats stats();
}
