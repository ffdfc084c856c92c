package dev.tokenguard.demo.carrier;

import java.time.Duration;

/** A clock that moves only when told, so windows and lifetimes can be stepped over to the nanosecond. */
final class FakeTime implements TimeSource {
  /** Far from zero, so no code can get away with treating a nano time as an absolute. */
  private volatile long nanos = 1_000_000_000_000L;
  private volatile long epochMillis = 1_800_000_000_000L;

  @Override
  public long nanoTime() {
    return nanos;
  }

  @Override
  public long epochMillis() {
    return epochMillis;
  }

  void advance(Duration step) {
    nanos += step.toNanos();
    epochMillis += step.toMillis();
  }

  void advanceMillis(long millis) {
    advance(Duration.ofMillis(millis));
  }
}
