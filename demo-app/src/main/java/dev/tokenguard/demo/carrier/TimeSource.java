package dev.tokenguard.demo.carrier;

/**
 * Where the simulator reads the time. Rules, bans and token expiry use {@link #nanoTime()} (monotonic,
 * so a wall-clock jump cannot end a ban or revive a token); only UPS's {@code issued_at} and FedEx's
 * daily quota, whose days end at midnight GMT, need the wall clock. Tests pass a fake to step over
 * windows and lifetimes without sleeping.
 */
public interface TimeSource {
  TimeSource SYSTEM =
      new TimeSource() {
        @Override
        public long nanoTime() {
          return System.nanoTime();
        }

        @Override
        public long epochMillis() {
          return System.currentTimeMillis();
        }
      };

  long nanoTime();

  long epochMillis();
}
