package dev.tokenguard.demo.carrier;

import java.time.Duration;

/**
 * FedEx's average threshold: "1 call a second, sustained for 2 minutes".
 *
 * <p>Precisely: a token call at time {@code t} breaks the rule when the half-open window
 * {@code (t - window, t]} holds at least {@code calls} token calls from the same IP, the call itself
 * included. With FedEx's numbers (120 in 120 s), one call a second from second 0 to second 119 breaks
 * it at the 120th call; 120 calls whose first lies exactly 120 s before the last do not.
 */
public record AverageRule(int calls, Duration window) {
  public static final AverageRule FEDEX = new AverageRule(120, Duration.ofMinutes(2));

  public AverageRule {
    Validation.positive("calls", calls);
    Validation.positive("window", window);
  }

  boolean isBrokenBy(CallHistory history, long now) {
    return history.countIn(now - window.toNanos(), now) >= calls;
  }
}
