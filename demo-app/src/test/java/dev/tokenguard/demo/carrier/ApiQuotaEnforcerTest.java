package dev.tokenguard.demo.carrier;

import static dev.tokenguard.demo.carrier.ApiQuotaEnforcer.Verdict.ADMITTED;
import static dev.tokenguard.demo.carrier.ApiQuotaEnforcer.Verdict.OVER_DAILY_QUOTA;
import static dev.tokenguard.demo.carrier.ApiQuotaEnforcer.Verdict.OVER_RATE;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The API quotas on a fake clock. FakeTime starts on a whole multiple of every window used here, so
 * each test's first call opens a window and {@code advance} lands exactly on window edges.
 */
class ApiQuotaEnforcerTest {
  private static final String CLIENT = "client-a";
  private static final String RATE_ROUTE = "/rate/v1/rates/quotes";
  private static final ApiQuotaRules THREE_PER_10S =
      ApiQuotaRules.NONE.withRate(new ApiRate(3, Duration.ofSeconds(10)));

  private final FakeTime time = new FakeTime();
  private final ApiQuotaEnforcer enforcer = new ApiQuotaEnforcer(time);

  private ApiQuotaEnforcer.Verdict call(ApiQuotaRules rules, String clientId) {
    return enforcer.admit(rules, clientId, RATE_ROUTE);
  }

  @Test
  void theCallAfterTheQuotaInOneWindowIsOverTheRate() {
    assertEquals(ADMITTED, call(THREE_PER_10S, CLIENT));
    assertEquals(ADMITTED, call(THREE_PER_10S, CLIENT));
    assertEquals(ADMITTED, call(THREE_PER_10S, CLIENT));

    assertEquals(OVER_RATE, call(THREE_PER_10S, CLIENT));
  }

  @Test
  void aBurstThatSpendsTheQuotaEarlyIsRefusedUntilTheLastNanosecondOfTheWindow() {
    for (int i = 0; i < 3; i++) {
      call(THREE_PER_10S, CLIENT);
    }
    time.advance(Duration.ofSeconds(10).minusNanos(1));

    assertEquals(OVER_RATE, call(THREE_PER_10S, CLIENT));
  }

  @Test
  void windowsAreFixedNotRolling() {
    time.advance(Duration.ofSeconds(10).minusMillis(1));
    for (int i = 0; i < 3; i++) {
      assertEquals(ADMITTED, call(THREE_PER_10S, CLIENT));
    }
    time.advanceMillis(1);

    // Six calls within 1 ms: a rolling window would refuse these three, FedEx's fixed windows do not.
    for (int i = 0; i < 3; i++) {
      assertEquals(ADMITTED, call(THREE_PER_10S, CLIENT));
    }
  }

  @Test
  void refusedCallsUseUpNothingInTheNextWindow() {
    for (int i = 0; i < 10; i++) {
      call(THREE_PER_10S, CLIENT);
    }
    time.advance(Duration.ofSeconds(10));

    assertEquals(ADMITTED, call(THREE_PER_10S, CLIENT));
    assertEquals(ADMITTED, call(THREE_PER_10S, CLIENT));
    assertEquals(ADMITTED, call(THREE_PER_10S, CLIENT));
  }

  @Test
  void eachClientIdHasItsOwnQuota() {
    for (int i = 0; i < 3; i++) {
      call(THREE_PER_10S, CLIENT);
    }

    assertEquals(OVER_RATE, call(THREE_PER_10S, CLIENT));
    assertEquals(ADMITTED, call(THREE_PER_10S, "client-b"));
  }

  @Test
  void withoutQuotasEveryCallIsAdmittedAndCounted() {
    for (int i = 0; i < 5000; i++) {
      assertEquals(ADMITTED, call(ApiQuotaRules.NONE, CLIENT));
    }

    assertEquals(new ApiQuotaStats(5000, 0, 0, 0, 0, List.of()), enforcer.stats());
  }

  @Test
  void theDailyQuotaIsCountedPerRouteAndEndsWithTheDay() {
    ApiQuotaRules twoADay = ApiQuotaRules.NONE.withDaily(new DailyQuota(2, Duration.ofSeconds(1)));
    enforcer.admit(twoADay, CLIENT, RATE_ROUTE);
    enforcer.admit(twoADay, CLIENT, RATE_ROUTE);

    assertEquals(OVER_DAILY_QUOTA, enforcer.admit(twoADay, CLIENT, RATE_ROUTE));
    assertEquals(ADMITTED, enforcer.admit(twoADay, CLIENT, "/track/v1/trackingnumbers"));
    assertEquals(ADMITTED, enforcer.admit(twoADay, "client-b", RATE_ROUTE));
    time.advance(Duration.ofSeconds(1));
    assertEquals(ADMITTED, enforcer.admit(twoADay, CLIENT, RATE_ROUTE));
  }

  @Test
  void aCallOverTheDailyQuotaDoesNotUseUpTheRate() {
    ApiQuotaRules both = THREE_PER_10S.withDaily(new DailyQuota(1, Duration.ofSeconds(1)));
    enforcer.admit(both, CLIENT, RATE_ROUTE);
    assertEquals(OVER_DAILY_QUOTA, enforcer.admit(both, CLIENT, RATE_ROUTE));

    assertEquals(ADMITTED, enforcer.admit(both, CLIENT, "/ship/v1/shipments"));
    assertEquals(ADMITTED, enforcer.admit(both, CLIENT, "/track/v1/trackingnumbers"));
    assertEquals(OVER_RATE, enforcer.admit(both, CLIENT, "/track/v1/trackingnumbers"));
  }

  @Test
  void statsCountAdmittedRefusedAndThePeakWindowOfAnyClient() {
    for (int i = 0; i < 5; i++) {
      call(THREE_PER_10S, CLIENT);
    }
    time.advance(Duration.ofSeconds(10));
    call(THREE_PER_10S, CLIENT);
    call(THREE_PER_10S, "client-b");

    assertEquals(new ApiQuotaStats(5, 2, 0, 5, 3, List.of(5, 1)), enforcer.stats());
  }

  @Test
  void callsAreCountedWindowByWindowWithAQuietWindowAsZero() {
    for (int i = 0; i < 4; i++) {
      call(THREE_PER_10S, CLIENT);
    }
    time.advance(Duration.ofSeconds(20));
    call(THREE_PER_10S, CLIENT);
    call(THREE_PER_10S, "client-b");
    call(THREE_PER_10S, "client-b");

    assertEquals(List.of(4, 0, 2), enforcer.stats().callsByWindow());
  }

  @Test
  void resetForgetsCountsAndWindows() {
    for (int i = 0; i < 4; i++) {
      call(THREE_PER_10S, CLIENT);
    }
    enforcer.reset();

    assertEquals(new ApiQuotaStats(0, 0, 0, 0, 0, List.of()), enforcer.stats());
    assertEquals(ADMITTED, call(THREE_PER_10S, CLIENT));
  }
}
