package dev.tokenguard.demo.carrier;

import static dev.tokenguard.demo.carrier.SimulatorSettings.FEDEX_DEMO_CLIENT;
import static dev.tokenguard.demo.carrier.SimulatorSettings.FEDEX_DEMO_SECRET;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** FedEx's published thresholds and 10-minute ban over HTTP, on a fake clock. */
class FedExBanTest {
  private static final Duration BAN = Duration.ofMinutes(10);

  private final FakeTime time = new FakeTime();
  private CarrierSimulator sim;
  private SimulatorClient client;
  private String token;

  @BeforeEach
  void start() {
    sim = CarrierSimulator.builder(SimulatorSettings.defaults()).timeSource(time).start();
    client = new SimulatorClient(sim.baseUrl());
    token = client.fedexTokenValue();
    time.advance(Duration.ofMinutes(5));
    sim.reset();
  }

  @AfterEach
  void stop() {
    sim.close();
  }

  private int tokenCall() {
    return client.fedexToken(FEDEX_DEMO_CLIENT, FEDEX_DEMO_SECRET).statusCode();
  }

  /** Three token calls in each of {@code seconds} seconds, at 0, 300 and 600 ms into each. */
  private void threeCallsEachSecond(int seconds) {
    for (int second = 0; second < seconds; second++) {
      for (int call = 0; call < 3; call++) {
        assertEquals(200, tokenCall(), "second " + second + ", call " + call);
        time.advanceMillis(call < 2 ? 300 : 400);
      }
    }
  }

  private void ban() {
    threeCallsEachSecond(4);
    assertEquals(200, tokenCall());
    time.advanceMillis(300);
    assertEquals(200, tokenCall());
    time.advanceMillis(300);
    assertEquals(403, tokenCall());
  }

  @Test
  void theFifteenthCallOfFiveSecondsAtThreeASecondIs403() {
    ban();

    CarrierStats stats = sim.stats().fedex();
    assertEquals(15, stats.tokenCalls());
    assertEquals(14, stats.tokensIssued());
    assertEquals(1, stats.tokenCalls(403));
    assertEquals(1, stats.bans());
    assertTrue(stats.banned());
  }

  @Test
  void fourteenCallsAtThreeASecondAreServed() {
    threeCallsEachSecond(4);
    assertEquals(200, tokenCall());
    time.advanceMillis(300);
    assertEquals(200, tokenCall());
    time.advanceMillis(1000);
    assertEquals(200, tokenCall(), "a pause after the fourteenth call breaks the streak");

    assertEquals(0, sim.stats().fedex().bans());
  }

  @Test
  void duringABanEveryFedExRouteIs403EvenWithAValidToken() {
    ban();

    assertEquals(403, client.api("/rate/v1/rates/quotes", token).statusCode());
    assertEquals(403, client.api("/ship/v1/shipments", token).statusCode());
    assertEquals(403, client.api("/track/v1/trackingnumbers", token).statusCode());
    assertEquals(3, sim.stats().fedex().apiCalls(403));
  }

  @Test
  void aFedExBanLeavesUpsAlone() {
    ban();

    assertEquals(200, client.upsToken(SimulatorSettings.UPS_DEMO_CLIENT, SimulatorSettings.UPS_DEMO_SECRET).statusCode());
  }

  @Test
  void theBanLiftsAfterItsLengthWithoutCalls() {
    ban();
    time.advance(BAN.minusMillis(1));
    assertTrue(sim.stats().fedex().banned());

    time.advanceMillis(1);
    assertFalse(sim.stats().fedex().banned());
    assertEquals(200, tokenCall());
  }

  @Test
  void aCallDuringTheBanRestartsTheTenMinutes() {
    ban();
    time.advance(Duration.ofMinutes(9));
    assertEquals(403, client.api("/rate/v1/rates/quotes", token).statusCode());
    time.advance(Duration.ofMinutes(9));
    assertEquals(403, tokenCall(), "18 minutes in, 9 after the probe");

    time.advance(BAN);
    assertEquals(200, tokenCall(), "10 minutes after the last probe");
    assertEquals(1, sim.stats().fedex().bans());
  }

  @Test
  void resetLiftsTheBan() {
    ban();
    client.post("/__sim/reset", "text/plain", "");

    assertEquals(200, tokenCall());
  }
}
