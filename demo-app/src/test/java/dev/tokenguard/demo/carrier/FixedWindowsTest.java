package dev.tokenguard.demo.carrier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import org.junit.jupiter.api.Test;

/** Fixed windows [k*length, (k+1)*length) of any clock, including a monotonic clock's negative values. */
class FixedWindowsTest {
  private final FixedWindows windows = new FixedWindows();

  @Test
  void aKeysCountsStartFromZeroInEachNewWindow() {
    windows.current("a", 10, 10).admitted = 3;

    assertEquals(3, windows.current("a", 19, 10).admitted);
    assertEquals(0, windows.current("a", 20, 10).admitted);
  }

  @Test
  void negativeTimesFallInWholeWindowsToo() {
    windows.current("a", -10, 10).admitted = 2;

    assertEquals(2, windows.current("a", -1, 10).admitted);
    assertEquals(0, windows.current("a", 0, 10).admitted);
  }

  @Test
  void eachKeyHasItsOwnWindow() {
    windows.current("a", 0, 10).admitted = 1;

    assertEquals(0, windows.current("b", 0, 10).admitted);
  }

  @Test
  void aChangedLengthStartsAFreshWindow() {
    FixedWindows.Window window = windows.current("a", 0, 10);
    window.admitted = 5;

    assertSame(window, windows.current("a", 0, 20));
    assertEquals(0, window.admitted);
  }
}
