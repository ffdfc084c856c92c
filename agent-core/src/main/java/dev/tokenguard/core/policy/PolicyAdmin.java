package dev.tokenguard.core.policy;

import dev.tokenguard.core.config.GuardMode;
import dev.tokenguard.core.config.TokenguardConfig;
import java.util.List;

/**
 * What run-time control (JMX, the command line, the file watcher) can do with the policies in force,
 * and with the guard's mode.
 */
public interface PolicyAdmin {

    /** {@code tokenguard.mode} in force. */
    GuardMode mode();

    /**
     * Switches to {@code mode} at once, without a restart: the next call is decided in it, calls in
     * flight finish as they started. One log line says so, naming {@code origin}.
     *
     * @param origin who asked: {@code JMX}, {@code the command line}, {@code a reload}
     * @return whether the mode changed
     */
    boolean switchMode(GuardMode mode, String origin);

    /** The policies in force, presets' first, then the file's in order. */
    List<PolicyControl> policies();

    BlockControl blocks();

    /**
     * Puts a newly read configuration in force without a restart: policies (counters of a policy that
     * keeps its name carry over, in-flight calls included), presets and carrier limits. Settings that
     * need a restart ({@code tokenguard.store}) are left as they are and named in the result.
     *
     * @return what changed, one line each (empty when nothing did), for the log and the command line
     * @throws IllegalArgumentException where the configuration cannot be put in force as a whole (it
     *                                  names what); then nothing changed
     */
    List<String> reload(TokenguardConfig next);
}
