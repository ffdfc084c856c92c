package dev.tokenguard.demo.carrier;

import java.time.Duration;
import java.util.concurrent.CancellationException;

/** Sleeps for latency and hangs; an interrupt means the simulator is closing, so the call is dropped. */
final class Pause {
  private Pause() {}

  static void sleep(Duration duration) {
    if (duration.isZero()) {
      return;
    }
    try {
      Thread.sleep(duration.toMillis(), duration.toNanosPart() % 1_000_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new CancellationException("simulator closing");
    }
  }
}
