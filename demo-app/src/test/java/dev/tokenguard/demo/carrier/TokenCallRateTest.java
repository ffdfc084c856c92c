package dev.tokenguard.demo.carrier;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

class TokenCallRateTest {
  private final FakeTime time = new FakeTime();
  private final TokenCallRate rate = new TokenCallRate(time.nanoTime());

  private void callAfter(long millis) {
    time.advanceMillis(millis);
    rate.record(time.nanoTime());
  }

  @Test
  void peakIsTheMostCallsInAnyHalfOpenOneSecondWindow() {
    callAfter(0);
    callAfter(500);
    callAfter(499); // 999 ms: three calls in (−1 ms, 999 ms]
    callAfter(1); // 1000 ms: the call at 0 ms has left (0 ms, 1000 ms]
    assertEquals(3, rate.peak());

    callAfter(1); // 1001 ms: (1 ms, 1001 ms] holds 500, 999, 1000 and 1001
    assertEquals(4, rate.peak());
  }

  @Test
  void theHistogramCountsCallsInEachWholeSecondSinceTheStart() {
    callAfter(0);
    callAfter(999);
    callAfter(1); // 1000 ms opens second 1
    callAfter(2000); // 3000 ms, second 3; second 2 saw none

    assertEquals(List.of(2, 1, 0, 1), rate.perSecond(time.nanoTime()));
  }

  @Test
  void theHistogramRunsUpToTheCurrentSecondEvenWhenItIsQuiet() {
    time.advanceMillis(2500);

    assertEquals(List.of(0, 0, 0), rate.perSecond(time.nanoTime()));
  }
}
