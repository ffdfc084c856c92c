package dev.tokenguard.core.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Where the configuration comes from: agent argument, then system property, then environment. */
class ConfigLocatorTest {

    private final Map<String, String> env = new HashMap<>();
    private final Map<String, String> sys = new HashMap<>();
    private final ConfigLocator locator =
            new ConfigLocator(env::get, sys::get, AgentLoadCommand.atLaunch("/opt/tokenguard-agent.jar"));
    private final ConfigLocator attachedLocator =
            new ConfigLocator(env::get, sys::get, AgentLoadCommand.attached(4242, "/opt/tokenguard-agent.jar"));

    private static Path absolute(String path) {
        return Path.of(path).toAbsolutePath().normalize();
    }

    @Test
    void agentArgumentComesFirst() throws ConfigException {
        sys.put("tokenguard.config", "/from/property");
        env.put("TOKENGUARD_CONFIG", "/from/env");
        ConfigLocator.Location location = locator.locate("config=/from/argument");
        assertEquals(absolute("/from/argument"), location.path());
        assertEquals("agent argument config", location.origin());
    }

    @Test
    void systemPropertyComesBeforeTheEnvironment() throws ConfigException {
        sys.put("tokenguard.config", "/from/property");
        env.put("TOKENGUARD_CONFIG", "/from/env");
        ConfigLocator.Location location = locator.locate(null);
        assertEquals(absolute("/from/property"), location.path());
        assertEquals("system property tokenguard.config", location.origin());
    }

    @Test
    void environmentComesLast() throws ConfigException {
        env.put("TOKENGUARD_CONFIG", "/from/env");
        ConfigLocator.Location location = locator.locate("");
        assertEquals(absolute("/from/env"), location.path());
        assertEquals("environment variable TOKENGUARD_CONFIG", location.origin());
    }

    @Test
    void blankPropertyCountsAsNotSet() throws ConfigException {
        sys.put("tokenguard.config", "  ");
        env.put("TOKENGUARD_CONFIG", "/from/env");
        assertEquals(absolute("/from/env"), locator.locate(null).path());
    }

    @Test
    void relativePathIsResolvedAgainstTheWorkingDirectory() throws ConfigException {
        assertEquals(Path.of("").toAbsolutePath().resolve("conf/tokenguard.properties"),
                locator.locate("config=conf/./tokenguard.properties").path());
    }

    @Test
    void agentArgumentsAreTrimmedAndEmptyPairsSkipped() throws ConfigException {
        assertEquals(absolute("/from/argument"), locator.locate(" , config = /from/argument ,").path());
    }

    @Test
    void nothingGivenIsAnErrorSayingSo() {
        ConfigException e = assertThrows(ConfigException.class, () -> locator.locate(null));
        assertTrue(e.getMessage().contains("no configuration file was given"), e.getMessage());
        assertTrue(e.getMessage().contains("-javaagent:/opt/tokenguard-agent.jar=config=/path/to/tokenguard.properties"),
                e.getMessage());
        assertTrue(e.getMessage().contains("tokenguard.config"), e.getMessage());
        assertTrue(e.getMessage().contains("TOKENGUARD_CONFIG"), e.getMessage());
        assertNull(e.source());
    }

    @Test
    void unknownAgentArgumentSuggestsConfig() {
        ConfigException e = assertThrows(ConfigException.class, () -> locator.locate("conifg=/x"));
        assertEquals("conifg", e.key());
        assertTrue(e.getMessage().contains("unknown agent argument (did you mean config?)"), e.getMessage());
    }

    @Test
    void agentArgumentWithoutKeyIsAnErrorGivingTheCommandWithTheKey() {
        ConfigException e = assertThrows(ConfigException.class, () -> locator.locate("/etc/tokenguard.properties"));
        assertTrue(e.getMessage().contains("type -javaagent:/opt/tokenguard-agent.jar=config=/etc/tokenguard.properties"),
                e.getMessage());
    }

    @Test
    void attachedNothingGivenNamesTheJcmdCommand() {
        ConfigException e = assertThrows(ConfigException.class, () -> attachedLocator.locate(null));
        assertTrue(e.getMessage().contains(
                "jcmd 4242 JVMTI.agent_load /opt/tokenguard-agent.jar '\"config=/path/to/tokenguard.properties\"'"),
                e.getMessage());
    }

    @Test
    void attachedConfigWithoutValueIsJcmdsUnquotedOptionAndTheErrorSaysHowToQuoteIt() {
        ConfigException e = assertThrows(ConfigException.class, () -> attachedLocator.locate("config"));
        assertEquals("config", e.key());
        assertEquals("got the option string \"config\", which names config without a value (jcmd passes an option"
                + " that is not in double quotes only up to its first '='); type jcmd 4242 JVMTI.agent_load"
                + " /opt/tokenguard-agent.jar '\"config=/path/to/tokenguard.properties\"'", e.problem());
    }

    @Test
    void configWithoutValueAtLaunchSaysWhatToType() {
        ConfigException e = assertThrows(ConfigException.class, () -> locator.locate("config"));
        assertEquals("got the option string \"config\", which names config without a value;"
                + " type -javaagent:/opt/tokenguard-agent.jar=config=/path/to/tokenguard.properties", e.problem());
    }

    @Test
    void attachedAgentArgumentsAreReadAsAtLaunch() throws ConfigException {
        assertEquals(absolute("/from/argument"), attachedLocator.locate("config=/from/argument").path());
    }

    @Test
    void emptyConfigArgumentIsAnError() {
        sys.put("tokenguard.config", "/from/property");
        ConfigException e = assertThrows(ConfigException.class, () -> locator.locate("config="));
        assertTrue(e.getMessage().contains("empty value"), e.getMessage());
    }

    @Test
    void configArgumentGivenTwiceIsAnError() {
        ConfigException e = assertThrows(ConfigException.class, () -> locator.locate("config=/a,config=/b"));
        assertTrue(e.getMessage().contains("given twice"), e.getMessage());
    }

    @Test
    void tripIsOffWithoutTheArgument() throws ConfigException {
        assertFalse(attachedLocator.trips("config=/a"));
        assertFalse(attachedLocator.trips(null));
    }

    @Test
    void tripTrueAsksForTheKillSwitchesTrippedAndLeavesTheConfigWhereItWas() throws ConfigException {
        assertTrue(attachedLocator.trips("config=/from/argument, trip=true"));
        assertEquals(absolute("/from/argument"), attachedLocator.locate("config=/from/argument,trip=true").path());
    }

    @Test
    void tripFalseIsOff() throws ConfigException {
        assertFalse(attachedLocator.trips("trip=false,config=/a"));
    }

    @Test
    void tripWithAnotherValueIsAnErrorNamingTheKey() {
        ConfigException e = assertThrows(ConfigException.class, () -> attachedLocator.trips("config=/a,trip=yes"));
        assertEquals("trip", e.key());
        assertEquals("takes true or false, got \"yes\"", e.problem());
    }

    @Test
    void emptyTripIsAnError() {
        ConfigException e = assertThrows(ConfigException.class, () -> attachedLocator.locate("config=/a,trip="));
        assertEquals("empty value; give true or false", e.problem());
    }

    @Test
    void misspeltTripSuggestsIt() {
        ConfigException e = assertThrows(ConfigException.class, () -> attachedLocator.locate("config=/a,trips=true"));
        assertTrue(e.getMessage().contains("unknown agent argument (did you mean trip?)"), e.getMessage());
    }
}
