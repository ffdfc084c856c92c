package dev.tokenguard.demo.carrier;

import java.util.ArrayDeque;
import java.util.Iterator;

/** The times (nanos, ascending) of one IP's recent token calls. Not thread-safe: its owner locks. */
final class CallHistory {
  private final ArrayDeque<Long> times = new ArrayDeque<>();

  void add(long now) {
    times.addLast(now);
  }

  /** Drops calls at or before {@code cutoff}; no window ending now can reach them. */
  void forgetUpTo(long cutoff) {
    while (!times.isEmpty() && times.peekFirst() - cutoff <= 0) {
      times.removeFirst();
    }
  }

  /** Calls in the half-open window {@code (from, to]}. Walks from the newest, where windows lie. */
  int countIn(long from, long to) {
    int count = 0;
    for (Iterator<Long> it = times.descendingIterator(); it.hasNext(); ) {
      long t = it.next();
      if (t - from <= 0) {
        break;
      }
      if (t - to <= 0) {
        count++;
      }
    }
    return count;
  }
}
