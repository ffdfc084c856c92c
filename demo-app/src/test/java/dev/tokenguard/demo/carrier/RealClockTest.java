package dev.tokenguard.demo.carrier;

import static dev.tokenguard.demo.carrier.SimulatorSettings.FEDEX_DEMO_CLIENT;
import static dev.tokenguard.demo.carrier.SimulatorSettings.FEDEX_DEMO_SECRET;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

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
    start(SimulatorSettings.builder().tokenLifetime(Duration.ofMillis(700)).build());
    String token = client.fedexTokenValue();

    assertEquals(200, client.api(RATE, token).statusCode());
    Thread.sleep(800);
    assertEquals(401, client.api(RATE, token).statusCode());
  }

  @Test
  void twoCallsInASecondBanForHalfASecond() throws InterruptedException {
    ThresholdRules twoASecond =
        ThresholdRules.NONE.withBurst(new BurstRule(2, Duration.ofSeconds(1), 1)).withBan(Duration.ofMillis(500));
    start(SimulatorSettings.builder().thresholds(Carrier.FEDEX, twoASecond).build());
    String token = client.fedexTokenValue();

    assertEquals(403, client.fedexToken(FEDEX_DEMO_CLIENT, FEDEX_DEMO_SECRET).statusCode());
    assertEquals(403, client.api(RATE, token).statusCode());
    Thread.sleep(700);

    assertFalse(sim.stats().fedex().banned());
    assertEquals(200, client.api(RATE, token).statusCode());
    assertEquals(200, client.fedexToken(FEDEX_DEMO_CLIENT, FEDEX_DEMO_SECRET).statusCode());
  }
}
