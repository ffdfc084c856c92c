package dev.tokenguard.agent;

import dev.tokenguard.agent.apachehttpclient.v4_5.ApacheHttpClient4Instrumentation;
import dev.tokenguard.agent.apachehttpclient.v5_0.ApacheHttpClient5Instrumentation;
import dev.tokenguard.agent.jdkhttp.JdkHttpClientInstrumentation;
import dev.tokenguard.agent.okhttp.v3_0.OkHttp3Instrumentation;
import dev.tokenguard.agent.urlconnection.UrlConnectionInstrumentation;
import dev.tokenguard.core.config.AgentLoadCommand;
import dev.tokenguard.core.config.ConfigException;
import dev.tokenguard.core.config.ConfigLocator;
import dev.tokenguard.core.config.ConfigParser;
import dev.tokenguard.core.config.TokenguardConfig;
import dev.tokenguard.core.config.TokenguardConfig.OnConfigError;
import java.lang.instrument.Instrumentation;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;

/**
 * The {@code -javaagent} entry point. It reads the configuration, sets up logging, builds the guard
 * and installs the hooks, and does nothing else itself. The rules it keeps, because it runs before
 * the application's {@code main}:
 * <ul>
 * <li>It never throws into the JVM. The one deliberate exception to "the application starts anyway"
 *     is a configuration that cannot be used at launch, where {@code tokenguard.on-config-error} is
 *     not {@code pass}: the JVM stops with one line, {@code tokenguard: <what is wrong>}, on standard
 *     error and exit status 1, so that a broken deployment is not mistaken for a guarded one. Any
 *     other failure prints one line and leaves the application running unguarded.
 * <li>Attached to a running JVM ({@code agentmain}, by jcmd or the attach API) it never stops it: a
 *     bad configuration prints its line and nothing is installed, and the agent can be loaded again.
 * <li>It touches neither {@code java.util.logging} nor {@code ManagementFactory}: either would fix
 *     the JVM's log manager or platform MBean server before the application can choose its own.
 * <li>Given {@code trip=true} it trips every carrier's kill-switch before a hook is installed, so
 *     that no carrier call made once the hooks are in place leaves; that builds the guard at once.
 * <li>It stays cheap: no JSON parser is initialised and no guard built here (only its start line is
 *     logged); whatever can wait for the first carrier request does. The one thread it starts
 *     registers the JMX beans later, building the guard then if no carrier request has yet;
 *     in cluster mode the Redis store adds two daemon threads, which connect in the background.
 * <li>It uses no class of the bootstrap bridge before {@link BootstrapInjector} put it in place.
 * </ul>
 */
public final class TokenguardAgent {

    private static final AtomicBoolean STARTED = new AtomicBoolean();

    private TokenguardAgent() {}

    /** The client libraries tokenguard hooks, one line each. */
    static List<ClientInstrumentation> instrumentations() {
        return List.of(
                new UrlConnectionInstrumentation(),
                new JdkHttpClientInstrumentation(),
                new OkHttp3Instrumentation(),
                new ApacheHttpClient5Instrumentation(),
                new ApacheHttpClient4Instrumentation());
    }

    public static void premain(String arguments, Instrumentation instrumentation) {
        start(arguments, instrumentation, true);
    }

    public static void agentmain(String arguments, Instrumentation instrumentation) {
        start(arguments, instrumentation, false);
    }

    private static void start(String arguments, Instrumentation instrumentation, boolean atLaunch) {
        if (STARTED.get()) {
            ignoreSecondStart();
            return;
        }
        TokenguardConfig config;
        boolean trip;
        try {
            ConfigLocator locator = ConfigLocator.fromSystem(loadCommand(atLaunch));
            trip = locator.trips(arguments);
            config = ConfigParser.fromSystem().parse(locator.locate(arguments));
        } catch (ConfigException e) {
            refuse(e, atLaunch);
            return;
        } catch (RuntimeException e) {
            System.err.println("tokenguard: could not read the configuration, the application runs unguarded: " + e);
            return;
        }
        // Only a start that got a configuration counts: one refused for its options leaves the agent
        // free to be loaded again with the command the refusal gave.
        if (!STARTED.compareAndSet(false, true)) {
            ignoreSecondStart();
            return;
        }
        try {
            Logger log = LoggingSetup.configure(config);
            BootstrapInjector.inject(instrumentation);
            AgentInstaller.install(instrumentation, GuardWiring.guard(config, log, trip ? tripReason(atLaunch) : null),
                    instrumentations());
        } catch (Throwable e) {
            System.err.println("tokenguard: could not start, the application runs unguarded: " + e);
        }
    }

    /** Who tripped the kill-switches: the attach API lets only the JVM's own user in, so it is this user. */
    private static String tripReason(boolean atLaunch) {
        return "tripped " + (atLaunch ? "at launch" : "at attach") + " by " + System.getProperty("user.name", "?");
    }

    private static void ignoreSecondStart() {
        System.err.println("tokenguard: already running in this JVM; the second start was ignored");
    }

    /** How this start was loaded, so that a refusal of its options names the command that works. */
    private static AgentLoadCommand loadCommand(boolean atLaunch) {
        String jar = AgentJar.path();
        return atLaunch ? AgentLoadCommand.atLaunch(jar) : AgentLoadCommand.attached(ProcessHandle.current().pid(), jar);
    }

    private static void refuse(ConfigException e, boolean atLaunch) {
        if (atLaunch && e.onConfigError() == OnConfigError.FAIL) {
            System.err.println("tokenguard: " + e.getMessage());
            System.err.flush();
            // Before main: no application thread or shutdown hook exists yet that exit could upset.
            System.exit(1);
        }
        System.err.println("tokenguard: " + e.getMessage() + " (running unguarded"
                + (atLaunch ? ", as tokenguard.on-config-error=pass asks)" : ": attached to a running JVM)"));
    }
}
