package dev.tokenguard.demo.carrier;

import java.util.HashMap;
import java.util.Map;

/**
 * Counters per key in fixed windows {@code [k*length, (k+1)*length)} of whatever clock the caller
 * reads (nanos or millis: the unit is the caller's). A key's counts start from zero in each new
 * window. Not thread-safe: its owner locks.
 */
final class FixedWindows {
  /** One key's counts in its current window. */
  static final class Window {
    private long index;
    private long length;
    int presented;
    int admitted;

    private Window(long index, long length) {
      this.index = index;
      this.length = length;
    }

    /** Which window this is: {@code k} of {@code [k*length, (k+1)*length)}. */
    long index() {
      return index;
    }
  }

  private final Map<String, Window> windows = new HashMap<>();

  /** The key's window holding {@code now}, fresh if the last one it used has ended (or changed length). */
  Window current(String key, long now, long length) {
    long index = Math.floorDiv(now, length);
    Window window = windows.computeIfAbsent(key, any -> new Window(index, length));
    if (window.index != index || window.length != length) {
      window.index = index;
      window.length = length;
      window.presented = 0;
      window.admitted = 0;
    }
    return window;
  }

  void clear() {
    windows.clear();
  }
}
