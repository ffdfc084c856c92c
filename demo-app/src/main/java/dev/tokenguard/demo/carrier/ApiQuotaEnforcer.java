package dev.tokenguard.demo.carrier;

import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;

/**
 * Applies one carrier's {@link ApiQuotaRules} to its API calls, per client id (rate) and per client id
 * and route (daily). A call is admitted only when both have room, and then counts against both; a
 * refused call counts against neither. One lock, as in {@link ThresholdEnforcer}: the work per call
 * is two map lookups.
 */
final class ApiQuotaEnforcer {
  enum Verdict {
    ADMITTED,
    OVER_RATE,
    OVER_DAILY_QUOTA
  }

  private final TimeSource time;
  private final FixedWindows rateWindows = new FixedWindows();
  private final FixedWindows days = new FixedWindows();
  private long admitted;
  private long overRate;
  private long overDailyQuota;
  private int peakCallsPerWindow;
  private int peakAdmittedPerWindow;
  /** The most calls one client id made in each rate window, by the window's index. */
  private final TreeMap<Long, Integer> callsByWindow = new TreeMap<>();

  ApiQuotaEnforcer(TimeSource time) {
    this.time = time;
  }

  /**
   * @param route the API path, FedEx's "capability": daily quotas are counted per route
   */
  synchronized Verdict admit(ApiQuotaRules rules, String clientId, String route) {
    FixedWindows.Window window = null;
    if (rules.rate().isPresent()) {
      ApiRate rate = rules.rate().get();
      window = rateWindows.current(clientId, time.nanoTime(), rate.window().toNanos());
      window.presented++;
      peakCallsPerWindow = Math.max(peakCallsPerWindow, window.presented);
      callsByWindow.merge(window.index(), window.presented, Math::max);
      if (window.admitted >= rate.calls()) {
        overRate++;
        return Verdict.OVER_RATE;
      }
    }
    if (rules.daily().isPresent()) {
      DailyQuota quota = rules.daily().get();
      // Days end at midnight GMT, a wall-clock instant, so they are counted on the wall clock.
      FixedWindows.Window day = days.current(clientId + " " + route, time.epochMillis(), quota.day().toMillis());
      if (day.admitted >= quota.calls()) {
        overDailyQuota++;
        return Verdict.OVER_DAILY_QUOTA;
      }
      day.admitted++;
    }
    if (window != null) {
      window.admitted++;
      peakAdmittedPerWindow = Math.max(peakAdmittedPerWindow, window.admitted);
    }
    admitted++;
    return Verdict.ADMITTED;
  }

  synchronized ApiQuotaStats stats() {
    return new ApiQuotaStats(
        admitted, overRate, overDailyQuota, peakCallsPerWindow, peakAdmittedPerWindow, windowByWindow());
  }

  /** {@link #callsByWindow} as a list without gaps: a window nobody called in counts 0. */
  private List<Integer> windowByWindow() {
    List<Integer> list = new ArrayList<>();
    if (!callsByWindow.isEmpty()) {
      for (long index = callsByWindow.firstKey(); index <= callsByWindow.lastKey(); index++) {
        list.add(callsByWindow.getOrDefault(index, 0));
      }
    }
    return list;
  }

  synchronized void reset() {
    rateWindows.clear();
    days.clear();
    admitted = 0;
    overRate = 0;
    overDailyQuota = 0;
    peakCallsPerWindow = 0;
    peakAdmittedPerWindow = 0;
    callsByWindow.clear();
  }
}
