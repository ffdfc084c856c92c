package dev.tokenguard.demo.carrier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** FedEx's thresholds and ban, on a fake clock: each rule at the call that breaks it and one short of it. */
class ThresholdEnforcerTest {
  private static final String IP = "203.0.113.7";

  private final FakeTime time = new FakeTime();
  private final AtomicReference<ThresholdRules> rules = new AtomicReference<>(ThresholdRules.FEDEX);
  private final ThresholdEnforcer enforcer = new ThresholdEnforcer(rules::get, time);

  private final long start = time.nanoTime();

  /** Token calls at these times, in ms after the test began; true if every one was admitted. */
  private boolean callsAt(long... millis) {
    boolean allAdmitted = true;
    for (long at : millis) {
      time.advance(Duration.ofMillis(at).minusNanos(time.nanoTime() - start));
      allAdmitted &= enforcer.admitTokenCall(IP);
    }
    return allAdmitted;
  }

  /** Calls every {@code spacingMillis}, starting now; true if every one was admitted. */
  private boolean calls(int count, long spacingMillis) {
    boolean allAdmitted = true;
    for (int i = 0; i < count; i++) {
      if (i > 0) {
        time.advanceMillis(spacingMillis);
      }
      allAdmitted &= enforcer.admitTokenCall(IP);
    }
    return allAdmitted;
  }

  /** Bans the IP now, through a rule any call breaks, then puts FedEx's rules back. */
  private void ban() {
    rules.set(ThresholdRules.FEDEX.withBurst(new BurstRule(1, Duration.ofSeconds(1), 1)));
    assertFalse(enforcer.admitTokenCall(IP));
    rules.set(ThresholdRules.FEDEX);
  }

  @Test
  void threeCallsInEachOfFiveSecondsBanOnTheFifteenthCall() {
    assertTrue(
        callsAt(0, 300, 600, 1000, 1300, 1600, 2000, 2300, 2600, 3000, 3300, 3600, 4000, 4300),
        "at 4.3 s the window (−0.7 s, 0.3 s] holds only two calls");

    assertFalse(callsAt(4600), "at 4.6 s each second of (−0.4 s, 4.6 s] holds three calls");
    assertEquals(1, enforcer.bansStarted());
  }

  @Test
  void aSecondWithTwoCallsRestartsTheStreak() {
    assertTrue(
        callsAt(
            0, 300, 600, 1000, 1300, 1600, 2000, 2300, // second 2 holds two calls
            3000, 3300, 3600, 4000, 4300, 4600, 5000, 5300, 5600, 6000, 6300, 6600, 7000, 7300),
        "no five consecutive seconds hold three calls each before 7.6 s");

    assertFalse(callsAt(7600), "seconds 3 to 7 do");
  }

  @Test
  void burstWindowsAreHalfOpenSoACallExactlyOneWindowOldNoLongerCounts() {
    rules.set(ThresholdRules.FEDEX.withBurst(new BurstRule(2, Duration.ofSeconds(1), 1)));
    assertTrue(enforcer.admitTokenCall(IP));
    time.advanceMillis(1000);
    assertTrue(enforcer.admitTokenCall(IP), "the first call lies on the window's open end");
    time.advanceMillis(999);
    assertFalse(enforcer.admitTokenCall(IP), "two calls within (t − 1 s, t]");
  }

  @Test
  void oneCallASecondForTwoMinutesBansOnTheHundredAndTwentiethCall() {
    rules.set(ThresholdRules.NONE.withAverage(AverageRule.FEDEX));
    assertTrue(calls(119, 1000), "seconds 0 to 118");
    time.advanceMillis(1000);

    assertFalse(enforcer.admitTokenCall(IP), "second 119: 120 calls in (−1 s, 119 s]");
  }

  @Test
  void aHundredAndTwentyCallsSpanningExactlyTwoMinutesAreNotTooMany() {
    rules.set(ThresholdRules.NONE.withAverage(AverageRule.FEDEX));
    assertTrue(calls(119, 1000), "seconds 0 to 118");
    time.advanceMillis(2000);
    assertTrue(enforcer.admitTokenCall(IP), "second 120: the call at 0 s lies on the window's open end");
    time.advanceMillis(500);
    assertFalse(enforcer.admitTokenCall(IP), "second 120.5: 120 calls in (0.5 s, 120.5 s]");
  }

  @Test
  void aBannedIpIsRefusedUntilTheBanEnds() {
    ban();
    time.advance(Duration.ofMinutes(10).minusMillis(1));
    assertTrue(enforcer.anyBanned());

    time.advanceMillis(1);
    assertFalse(enforcer.anyBanned());
    assertTrue(enforcer.admitTokenCall(IP));
  }

  @Test
  void aTokenCallDuringTheBanRestartsIt() {
    ban();
    time.advance(Duration.ofMinutes(9));
    assertFalse(enforcer.admitTokenCall(IP));

    time.advance(Duration.ofMinutes(10).minusMillis(1));
    assertFalse(enforcer.admitTokenCall(IP), "19 min after the ban began, 10 min less 1 ms after the probe");

    time.advance(Duration.ofMinutes(10));
    assertTrue(enforcer.admitTokenCall(IP));
    assertEquals(1, enforcer.bansStarted(), "an extension is not a new ban");
  }

  @Test
  void anApiCallDuringTheBanRestartsIt() {
    ban();
    time.advance(Duration.ofMinutes(9));
    assertTrue(enforcer.refuseIfBanned(IP));

    time.advance(Duration.ofMinutes(9));
    assertFalse(enforcer.admitTokenCall(IP));
  }

  @Test
  void apiCallsNeitherCountNorBan() {
    for (int i = 0; i < 200; i++) {
      assertFalse(enforcer.refuseIfBanned(IP));
    }
    assertTrue(enforcer.admitTokenCall(IP));
  }

  @Test
  void eachIpIsCountedOnItsOwn() {
    ban();
    assertTrue(enforcer.admitTokenCall("198.51.100.1"));
    assertFalse(enforcer.refuseIfBanned("198.51.100.1"));
  }

  @Test
  void withoutRulesNothingIsEverRefused() {
    rules.set(ThresholdRules.NONE);
    assertTrue(calls(1000, 1));
    assertEquals(0, enforcer.bansStarted());
  }

  @Test
  void changedRulesApplyFromTheNextCall() {
    assertTrue(calls(5, 10));
    rules.set(ThresholdRules.FEDEX.withBurst(new BurstRule(6, Duration.ofSeconds(1), 1)));
    time.advanceMillis(10);
    assertFalse(enforcer.admitTokenCall(IP));
  }

  @Test
  void resetLiftsBansAndForgetsHistory() {
    ban();
    enforcer.reset();

    assertFalse(enforcer.anyBanned());
    assertEquals(0, enforcer.bansStarted());
    assertTrue(enforcer.admitTokenCall(IP));
  }
}
