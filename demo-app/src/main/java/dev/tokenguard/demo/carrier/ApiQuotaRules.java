package dev.tokenguard.demo.carrier;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * The quotas one carrier applies to its API routes, counted per client id (the client id of the
 * presented token). A quota that is absent never refuses.
 *
 * @param rate calls per fixed window, answered with 429 and the carrier's "too many requests" body
 * @param retryAfter a {@code Retry-After} on that 429; FedEx documents none, so by default there is
 *     none, but a test of a client that honours one needs it
 * @param daily calls per day per route, answered with 429 "Daily transaction quota exceeded"
 */
public record ApiQuotaRules(Optional<ApiRate> rate, Optional<Duration> retryAfter, Optional<DailyQuota> daily) {
  /** What the command line starts with: FedEx's published 1,400 per 10 s, and no daily quota. */
  public static final ApiQuotaRules FEDEX =
      new ApiQuotaRules(Optional.of(ApiRate.FEDEX), Optional.empty(), Optional.empty());

  public static final ApiQuotaRules NONE = new ApiQuotaRules(Optional.empty(), Optional.empty(), Optional.empty());

  public ApiQuotaRules {
    Objects.requireNonNull(rate, "rate");
    Objects.requireNonNull(retryAfter, "retryAfter");
    Objects.requireNonNull(daily, "daily");
    retryAfter.ifPresent(
        value -> {
          Validation.positive("retry after", value);
          if (value.toMillis() % 1000 != 0) {
            throw new IllegalArgumentException("retry after is whole seconds, got " + value);
          }
        });
  }

  public ApiQuotaRules withRate(ApiRate value) {
    return new ApiQuotaRules(Optional.of(value), retryAfter, daily);
  }

  public ApiQuotaRules withRetryAfter(Duration value) {
    return new ApiQuotaRules(rate, Optional.of(value), daily);
  }

  public ApiQuotaRules withDaily(DailyQuota value) {
    return new ApiQuotaRules(rate, retryAfter, Optional.of(value));
  }
}
