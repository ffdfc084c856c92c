package dev.tokenguard.core.killswitch;

/**
 * The immutable state of one carrier's kill-switch. Times are {@link
 * dev.tokenguard.core.time.TimeSource#nanoTime()} readings.
 */
public sealed interface KillSwitchState {

    /** Traffic flows. */
    Off OFF = new Off();

    /** The name JMX and the log show: {@code OFF}, {@code TRIPPED} or {@code PROBING}. */
    String name();

    /**
     * The trip this state belongs to, the same on every instance of a cluster (a trip applied from
     * another instance keeps its id), or null when off: a reset another instance shares names it.
     */
    String trip();

    final class Off implements KillSwitchState {
        private Off() {}

        @Override
        public String name() {
            return "OFF";
        }

        @Override
        public String trip() {
            return null;
        }
    }

    /**
     * Nothing for the carrier leaves the JVM. A trip by hand has no end ({@code manual}); from
     * {@code probeAtNanos} of any other (its end plus jitter, so that instances behind one address do
     * not probe together) the first request goes out as the probe.
     */
    record Tripped(String trip, String reason, boolean manual, long probeAtNanos) implements KillSwitchState {
        @Override
        public String name() {
            return "TRIPPED";
        }
    }

    /** One request is out as the probe after {@code trip}; every other waits for its answer. */
    record Probing(String trip, String reason, long startedNanos) implements KillSwitchState {
        @Override
        public String name() {
            return "PROBING";
        }
    }
}
