package dev.tokenguard.core.killswitch;

/** The kill-switch's answer for one request about to leave the JVM. */
public sealed interface Admission {

    /** The switch is off: the request goes. */
    Admitted ADMITTED = new Admitted();

    final class Admitted implements Admission {
        private Admitted() {}
    }

    /** The request goes as the one probe after a trip; its answer must be reported. */
    record Probe(KillSwitchState.Probing state) implements Admission {}

    /** The request must not leave. */
    record Refused(String reason, long retryAfterNanos) implements Admission {}
}
