package dev.tokenguard.demo.carrier;

import java.time.Duration;

/**
 * FedEx's burst threshold: "3 hits per second, continuously, during a span of 5 seconds".
 *
 * <p>Precisely: a token call at time {@code t} breaks the rule when each of the {@code windows}
 * consecutive half-open windows ending at that call, {@code (t - w, t]}, {@code (t - 2w, t - w]}, ...,
 * {@code (t - windows*w, t - (windows-1)*w]}, holds at least {@code calls} token calls from the same
 * IP, the call itself included. With FedEx's numbers (3, 1 s, 5) the fifteenth call of a steady
 * 3-a-second stream breaks it; the same stream one call short, or with one second holding only two
 * calls, does not.
 */
public record BurstRule(int calls, Duration window, int windows) {
  public static final BurstRule FEDEX = new BurstRule(3, Duration.ofSeconds(1), 5);

  public BurstRule {
    Validation.positive("calls", calls);
    Validation.positive("window", window);
    Validation.positive("windows", windows);
  }

  /** How far back a call can still matter to this rule. */
  Duration span() {
    return window.multipliedBy(windows);
  }

  boolean isBrokenBy(CallHistory history, long now) {
    long w = window.toNanos();
    for (int k = 0; k < windows; k++) {
      long end = now - k * w;
      if (history.countIn(end - w, end) < calls) {
        return false;
      }
    }
    return true;
  }
}
