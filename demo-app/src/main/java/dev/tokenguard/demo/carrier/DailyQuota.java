package dev.tokenguard.demo.carrier;

import java.time.Duration;

/**
 * FedEx's daily quota per capability per project (Track: 100,000 a day by default): at most
 * {@code calls} admitted calls a day for one client id on one API route, refused with 429 "Daily
 * transaction quota exceeded. Retry after 12:00AM GMT" until the day ends.
 *
 * <p>Days are windows {@code [k*day, (k+1)*day)} of the wall clock since the epoch: with the real
 * 24 hours they end at midnight GMT, as the body text says; a shorter {@code day} lets a test see one
 * end in seconds.
 */
public record DailyQuota(int calls, Duration day) {
  public static final Duration REAL_DAY = Duration.ofHours(24);

  public DailyQuota {
    Validation.positive("calls", calls);
    Validation.positive("day", day);
  }
}
