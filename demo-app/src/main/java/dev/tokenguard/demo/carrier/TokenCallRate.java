package dev.tokenguard.demo.carrier;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;

/**
 * How fast token calls arrive at one carrier, over all IPs.
 *
 * <p>Peak: the most calls in any half-open one-second window {@code (t - 1 s, t]}. Checking only the
 * windows that end at a call is enough, since any window can slide right onto its last call without
 * losing one. Histogram: entry {@code i} counts the calls in {@code [origin + i s, origin + (i+1) s)},
 * where origin is when counting began (start or reset).
 */
final class TokenCallRate {
  private static final long SECOND = 1_000_000_000L;

  private final long origin;
  private final ArrayDeque<Long> lastSecond = new ArrayDeque<>();
  private final List<Integer> perSecond = new ArrayList<>();
  private int peak;

  TokenCallRate(long origin) {
    this.origin = origin;
  }

  synchronized void record(long now) {
    lastSecond.addLast(now);
    while (now - lastSecond.peekFirst() >= SECOND) {
      lastSecond.removeFirst();
    }
    peak = Math.max(peak, lastSecond.size());
    int second = secondOf(now);
    padTo(second);
    perSecond.set(second, perSecond.get(second) + 1);
  }

  synchronized int peak() {
    return peak;
  }

  /** Counts per second from origin up to and including the second {@code now} falls in. */
  synchronized List<Integer> perSecond(long now) {
    padTo(secondOf(now));
    return List.copyOf(perSecond);
  }

  private int secondOf(long now) {
    return (int) Math.max(0, (now - origin) / SECOND);
  }

  private void padTo(int second) {
    while (perSecond.size() <= second) {
      perSecond.add(0);
    }
  }
}
