package dev.tokenguard.agent;

import java.net.URI;

/** An application for {@link AgentJarIT}: prints which connection the JDK hands out for each URL. */
public final class StartupProbe {

    private StartupProbe() {}

    public static void main(String[] urls) throws Exception {
        for (String url : urls) {
            System.out.println(URI.create(url).toURL().openConnection().getClass().getName());
        }
    }
}
