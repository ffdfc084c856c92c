package dev.tokenguard.demo.carrier;

import java.util.List;

/**
 * What one carrier's API quotas did since start or the last reset; calls with a token that was not
 * valid got a 401 before the quotas and are in none of these figures.
 *
 * @param admitted API calls that passed the quotas (all of them while no quota is set)
 * @param overRate calls answered 429 for the rate quota ({@link ApiRate})
 * @param overDailyQuota calls answered 429 for the daily quota ({@link DailyQuota})
 * @param peakCallsPerWindow the most calls one client id made in one fixed rate window, refused ones
 *     included: a client kept within the quota never takes this above the rate's calls (0 while no
 *     rate is set)
 * @param peakAdmittedPerWindow the most calls of one client id admitted in one fixed rate window;
 *     never above the rate's calls, unless the rate was lowered while running
 * @param callsByWindow {@code peakCallsPerWindow} window by window: for each fixed rate window from
 *     the first call's to the last call's, oldest first, the most calls one client id made in it
 *     (0 for a window without calls), so that a run can be read window by window
 */
public record ApiQuotaStats(
    long admitted,
    long overRate,
    long overDailyQuota,
    int peakCallsPerWindow,
    int peakAdmittedPerWindow,
    List<Integer> callsByWindow) {
  public ApiQuotaStats {
    callsByWindow = List.copyOf(callsByWindow);
  }

  /** Every 429 the quotas sent. */
  public long refused() {
    return overRate + overDailyQuota;
  }
}
