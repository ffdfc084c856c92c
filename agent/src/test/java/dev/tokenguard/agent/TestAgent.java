package dev.tokenguard.agent;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.instrument.Instrumentation;
import net.bytebuddy.agent.ByteBuddyAgent;

/**
 * Installs the real hooks into the test JVM once, as premain would (bridge injected first, then
 * the hooks), with a {@link ScriptedGuard} in place of agent-core's guard.
 */
public final class TestAgent {

    private static final ScriptedGuard GUARD = new ScriptedGuard();
    private static boolean installed;

    private TestAgent() {}

    /** The guard, reset: no carrier host, every request passes. */
    public static synchronized ScriptedGuard guard() {
        if (!installed) {
            Instrumentation instrumentation = ByteBuddyAgent.install();
            try {
                BootstrapInjector.inject(instrumentation);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            AgentInstaller.install(instrumentation, GUARD, TokenguardAgent.instrumentations());
            installed = true;
        }
        return GUARD.reset();
    }
}
