package dev.tokenguard.core.killswitch;

import dev.tokenguard.core.events.RefusalReason;

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
    record Refused(String reason, long retryAfterNanos) implements Admission {

        /** Every refusal of the kill-switch counts as one, whatever its trip's reason says. */
        public RefusalReason kind() {
            return RefusalReason.KILL_SWITCH;
        }
    }
}
