package dev.tokenguard.core.config;

import dev.tokenguard.core.config.TokenguardConfig.OnConfigError;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Finds the configuration file, the first of:
 * <ol>
 * <li>the agent argument {@code config}: {@code -javaagent:tokenguard.jar=config=/etc/app/tokenguard.properties};
 * <li>the system property {@code tokenguard.config};
 * <li>the environment variable {@code TOKENGUARD_CONFIG}.
 * </ol>
 * Agent arguments are {@code key=value} pairs separated by commas (so a path cannot hold a comma),
 * each trimmed; an unknown or repeated key is an error. Two keys: {@code config}, the file, and
 * {@code trip} ({@code true} or {@code false}, default false), which has the agent trip every
 * carrier's kill-switch before it installs its hooks: what {@code tokenguard-agent.jar attach --trip}
 * passes, so that not one carrier call leaves once the agent is in.
 * A blank system property or environment variable counts as not set, as deployment tools often
 * leave variables empty rather than unset; a blank agent argument is an error. A relative path is
 * resolved against the working directory. Giving none of the three is an error saying so.
 *
 * <p>An error in the agent arguments names the option string received and the command that passes
 * a working one, in the form of the way the agent was loaded ({@link AgentLoadCommand}): the usual
 * mistake over jcmd is an unquoted {@code config=PATH}, of which the agent receives {@code config}.
 */
public final class ConfigLocator {

    public static final String AGENT_ARGUMENT = "config";
    public static final String TRIP_ARGUMENT = "trip";
    public static final String SYSTEM_PROPERTY = "tokenguard.config";
    public static final String ENVIRONMENT_VARIABLE = "TOKENGUARD_CONFIG";

    private static final String ARGUMENTS = "agent arguments";

    /**
     * Where the file is, and what said so, for messages.
     *
     * @param path   absolute and normalised
     * @param origin such as {@code system property tokenguard.config}
     */
    public record Location(Path path, String origin) {
    }

    private static final String EXAMPLE_PATH = "/path/to/tokenguard.properties";

    private final Function<String, String> environment;
    private final Function<String, String> systemProperties;
    private final AgentLoadCommand loadCommand;

    /**
     * @param environment      looks up an environment variable; null where unset
     * @param systemProperties looks up a system property; null where unset
     * @param loadCommand      how the agent was loaded, for the command that messages suggest
     */
    public ConfigLocator(Function<String, String> environment, Function<String, String> systemProperties,
            AgentLoadCommand loadCommand) {
        this.environment = environment;
        this.systemProperties = systemProperties;
        this.loadCommand = loadCommand;
    }

    /** A locator reading this process's environment and system properties. */
    public static ConfigLocator fromSystem(AgentLoadCommand loadCommand) {
        return new ConfigLocator(System::getenv, System::getProperty, loadCommand);
    }

    /**
     * @param agentArguments the agent's option string: what follows {@code =} in {@code -javaagent:},
     *                       or what jcmd or the attach API passed; null or blank for none
     */
    public Location locate(String agentArguments) throws ConfigException {
        String fromArguments = arguments(agentArguments).get(AGENT_ARGUMENT);
        if (fromArguments != null) {
            return location(fromArguments, "agent argument " + AGENT_ARGUMENT);
        }
        String fromProperty = systemProperties.apply(SYSTEM_PROPERTY);
        if (fromProperty != null && !fromProperty.isBlank()) {
            return location(fromProperty, "system property " + SYSTEM_PROPERTY);
        }
        String fromEnvironment = environment.apply(ENVIRONMENT_VARIABLE);
        if (fromEnvironment != null && !fromEnvironment.isBlank()) {
            return location(fromEnvironment, "environment variable " + ENVIRONMENT_VARIABLE);
        }
        throw new ConfigException(null, 0, null, "no configuration file was given; give one with "
                + loadCommand.with(AGENT_ARGUMENT + "=" + EXAMPLE_PATH) + ", or with the system property "
                + SYSTEM_PROPERTY + " or the environment variable " + ENVIRONMENT_VARIABLE + " of the JVM at its start",
                OnConfigError.FAIL);
    }

    private Map<String, String> arguments(String text) throws ConfigException {
        Map<String, String> arguments = new LinkedHashMap<>();
        if (text == null || text.isBlank()) {
            return arguments;
        }
        for (String pair : text.split(",")) {
            if (pair.isBlank()) {
                continue;
            }
            int equals = pair.indexOf('=');
            if (equals < 0) {
                throw withoutValue(text, pair.trim());
            }
            String key = pair.substring(0, equals).trim();
            String value = pair.substring(equals + 1).trim();
            if (!key.equals(AGENT_ARGUMENT) && !key.equals(TRIP_ARGUMENT)) {
                throw argumentError(key, "unknown agent argument"
                        + Suggestions.didYouMean(key, List.of(AGENT_ARGUMENT, TRIP_ARGUMENT)));
            }
            if (value.isEmpty()) {
                throw argumentError(key, key.equals(AGENT_ARGUMENT)
                        ? "empty value; give the configuration file's path" : "empty value; give true or false");
            }
            if (arguments.putIfAbsent(key, value) != null) {
                throw argumentError(key, "given twice");
            }
        }
        return arguments;
    }

    /**
     * Whether the option string asks for every kill-switch to be tripped at start ({@code trip=true}).
     *
     * @throws ConfigException for a value other than {@code true} or {@code false}, or any error
     *                         {@link #locate} reports
     */
    public boolean trips(String agentArguments) throws ConfigException {
        String value = arguments(agentArguments).get(TRIP_ARGUMENT);
        if (value == null || value.equals("false")) {
            return false;
        }
        if (value.equals("true")) {
            return true;
        }
        throw argumentError(TRIP_ARGUMENT, "takes true or false, got \"" + value + "\"");
    }

    private ConfigException withoutValue(String text, String word) {
        if (!word.equals(AGENT_ARGUMENT)) {
            return argumentError(null, "got the option string \"" + text + "\", in which \"" + word
                    + "\" is not key=value; type " + loadCommand.with(AGENT_ARGUMENT + "=" + word));
        }
        return argumentError(AGENT_ARGUMENT, "got the option string \"" + text + "\", which names " + AGENT_ARGUMENT
                + " without a value" + (loadCommand.attached()
                        ? " (jcmd passes an option that is not in double quotes only up to its first '=')" : "")
                + "; type " + loadCommand.with(AGENT_ARGUMENT + "=" + EXAMPLE_PATH));
    }

    private static ConfigException argumentError(String key, String problem) {
        return new ConfigException(ARGUMENTS, 0, key, problem, OnConfigError.FAIL);
    }

    private static Location location(String path, String origin) throws ConfigException {
        try {
            return new Location(Path.of(path.trim()).toAbsolutePath().normalize(), origin);
        } catch (InvalidPathException e) {
            throw new ConfigException(null, 0, null, "\"" + path + "\" (given by " + origin + ") is not a valid path: "
                    + e.getReason(), OnConfigError.FAIL);
        }
    }
}
