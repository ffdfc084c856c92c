package dev.tokenguard.demo.carrier;

import static dev.tokenguard.demo.carrier.SimulatorSettings.FEDEX_DEMO_CLIENT;
import static dev.tokenguard.demo.carrier.SimulatorSettings.FEDEX_DEMO_SECRET;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Expiry and bans on the real clock, with numbers small enough for a test, and margins for a busy machine. */
class RealClockTest {
  private static final String RATE = "/rate/v1/rates/quotes";

  private CarrierSimulator sim;
  private SimulatorClient client;

  private void start(SimulatorSettings settings) {
    sim = CarrierSimulator.start(settings);
    client = new SimulatorClient(sim.baseUrl());
  }

  @AfterEach
  void stop() {
    sim.close();
  }

  @Test
  void aTokenWorksWithinItsLifetimeAndIs401After() throws InterruptedException {
    Duration lifetime = Duration.ofSeconds(2);
    start(SimulatorSettings.builder().tokenLifetime(lifetime).build());
    long issued = System.nanoTime();
    String token = client.fedexTokenValue();

    int first = client.api(RATE, token).statusCode();
    boolean withinLifetime = System.nanoTime() - issued < lifetime.toNanos();
    // On a busy machine the first call may itself come late; only one within the lifetime proves anything.
    if (withinLifetime) {
      assertEquals(200, first);
    }
    pollUntil("the token expires", () -> client.api(RATE, token).statusCode() == 401);
    assertTrue(System.nanoTime() - issued >= lifetime.toNanos(), "401 before the token's lifetime ran out");
  }

  @Test
  void twoCallsInAWindowBanUntilTheBanEnds() throws InterruptedException {
    Duration ban = Duration.ofSeconds(2);
    // A window wide enough that the two calls fall in it however slow the machine is.
    ThresholdRules twoInTenSeconds =
        ThresholdRules.NONE.withBurst(new BurstRule(2, Duration.ofSeconds(10), 1)).withBan(ban);
    start(SimulatorSettings.builder().thresholds(Carrier.FEDEX, twoInTenSeconds).build());
    String token = client.fedexTokenValue();

    long bannedAt = System.nanoTime();
    assertEquals(403, client.fedexToken(FEDEX_DEMO_CLIENT, FEDEX_DEMO_SECRET).statusCode());
    int api = client.api(RATE, token).statusCode();
    if (System.nanoTime() - bannedAt < ban.toNanos()) {
      assertEquals(403, api, "the ban covers API calls too");
    }
    pollUntil("the ban ends", () -> !sim.stats().fedex().banned());

    assertTrue(System.nanoTime() - bannedAt >= ban.toNanos() - Duration.ofMillis(50).toNanos(), "the ban ended early");
    assertEquals(200, client.api(RATE, token).statusCode());
    assertEquals(200, client.fedexToken(FEDEX_DEMO_CLIENT, FEDEX_DEMO_SECRET).statusCode());
  }

  /** Polls every 20 ms; fails after 30 s, a generous bound for a busy machine. */
  private static void pollUntil(String what, java.util.function.BooleanSupplier condition) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() - deadline > 0) {
        throw new AssertionError("not within 30 s: " + what);
      }
      Thread.sleep(20);
    }
  }
}
