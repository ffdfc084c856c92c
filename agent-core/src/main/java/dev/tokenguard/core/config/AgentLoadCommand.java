package dev.tokenguard.core.config;

/**
 * The command that hands the agent an option string, in the form matching how it was loaded, so
 * that a refusal of its options can say exactly what to type instead:
 * <ul>
 * <li>at launch, {@code -javaagent:JAR=OPTIONS};
 * <li>attached to a running JVM, {@code jcmd PID JVMTI.agent_load JAR '"OPTIONS"'}. jcmd's
 *     diagnostic-command parser splits its line at spaces and reads a word {@code key=value} as a
 *     named option of the command; {@code JVMTI.agent_load} has none, so it passes the agent only
 *     the part before the first {@code =}: {@code config=/p} arrives as {@code config}. A word in
 *     double quotes arrives whole, and the single quotes keep the shell from removing the double
 *     ones (checked on JDK 17 and 25). The attach API, {@code VirtualMachine.loadAgent(jar, options)},
 *     passes the option string unchanged.
 * </ul>
 */
public final class AgentLoadCommand {

    private final String prefix;
    private final String suffix;
    private final boolean attached;

    private AgentLoadCommand(String prefix, String suffix, boolean attached) {
        this.prefix = prefix;
        this.suffix = suffix;
        this.attached = attached;
    }

    /** The agent given on the command line, {@code -javaagent:agentJar=OPTIONS}. */
    public static AgentLoadCommand atLaunch(String agentJar) {
        return new AgentLoadCommand("-javaagent:" + agentJar + "=", "", false);
    }

    /** The agent loaded into the running JVM {@code pid}, with jcmd. */
    public static AgentLoadCommand attached(long pid, String agentJar) {
        return new AgentLoadCommand("jcmd " + pid + " JVMTI.agent_load " + agentJar + " '\"", "\"'", true);
    }

    /** Whether the agent was loaded into a running JVM rather than at its launch. */
    public boolean attached() {
        return attached;
    }

    /** The command, for the shell, that hands the agent {@code options}. */
    public String with(String options) {
        return prefix + options + suffix;
    }
}
