package dev.tokenguard.agent;

import java.net.URISyntaxException;
import java.nio.file.Path;

/** Where the agent's jar is: what a message tells the user to load, and what {@code attach} loads. */
public final class AgentJar {

    private AgentJar() {}

    /** The jar this class was loaded from, or its usual name where the JVM does not say. */
    public static String path() {
        try {
            return Path.of(AgentJar.class.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
        } catch (RuntimeException | URISyntaxException e) {
            return "tokenguard-agent.jar";
        }
    }
}
