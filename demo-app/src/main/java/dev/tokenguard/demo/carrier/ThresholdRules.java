package dev.tokenguard.demo.carrier;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * The thresholds one carrier applies to its token endpoint, counted per client IP, and how long a
 * violation is punished. A rule that is absent never fires; with both absent nothing is counted.
 */
public record ThresholdRules(Optional<BurstRule> burst, Optional<AverageRule> average, Duration ban) {
  /** FedEx's published numbers: 3 a second for 5 seconds, 1 a second for 2 minutes, a 10-minute ban. */
  public static final ThresholdRules FEDEX =
      new ThresholdRules(Optional.of(BurstRule.FEDEX), Optional.of(AverageRule.FEDEX), Duration.ofMinutes(10));

  /** UPS publishes no numbers, so by default it counts nothing. */
  public static final ThresholdRules NONE =
      new ThresholdRules(Optional.empty(), Optional.empty(), Duration.ofMinutes(10));

  public ThresholdRules {
    Objects.requireNonNull(burst, "burst");
    Objects.requireNonNull(average, "average");
    Validation.positive("ban", ban);
  }

  public ThresholdRules withBurst(BurstRule rule) {
    return new ThresholdRules(Optional.of(rule), average, ban);
  }

  public ThresholdRules withAverage(AverageRule rule) {
    return new ThresholdRules(burst, Optional.of(rule), ban);
  }

  public ThresholdRules withBan(Duration length) {
    return new ThresholdRules(burst, average, length);
  }

  boolean isEnabled() {
    return burst.isPresent() || average.isPresent();
  }

  /** How long a call must be remembered for either rule to see it. */
  Duration memory() {
    Duration forBurst = burst.map(BurstRule::span).orElse(Duration.ZERO);
    Duration forAverage = average.map(AverageRule::window).orElse(Duration.ZERO);
    return forBurst.compareTo(forAverage) >= 0 ? forBurst : forAverage;
  }

  boolean isBrokenBy(CallHistory history, long now) {
    return burst.map(rule -> rule.isBrokenBy(history, now)).orElse(false)
        || average.map(rule -> rule.isBrokenBy(history, now)).orElse(false);
  }
}
