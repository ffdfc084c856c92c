package dev.tokenguard.demo.carrier;

import java.time.Duration;

/**
 * FedEx's API transaction quota: "1,400 transactions per 10 seconds" per project (the client id),
 * counted in fixed windows, so a burst that spends the 1,400 in 2 s gets 429 for the other 8 s.
 *
 * <p>Precisely: time is cut into windows {@code [k*window, (k+1)*window)} of the simulator's
 * monotonic clock; a client id's call is admitted while fewer than {@code calls} of its calls were
 * admitted in the current window. Refused calls use up nothing.
 */
public record ApiRate(int calls, Duration window) {
  public static final ApiRate FEDEX = new ApiRate(1400, Duration.ofSeconds(10));

  public ApiRate {
    Validation.positive("calls", calls);
    Validation.positive("window", window);
  }
}
