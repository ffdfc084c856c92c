package dev.tokenguard.demo.carrier;

import static dev.tokenguard.demo.carrier.SimulatorSettings.FEDEX_DEMO_CLIENT;
import static dev.tokenguard.demo.carrier.SimulatorSettings.FEDEX_DEMO_SECRET;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** {@code GET /__sim/stats} and {@code POST /__sim/reset}, on a fake clock so rates are exact. */
class StatsEndpointTest {
  private final FakeTime time = new FakeTime();
  private CarrierSimulator sim;
  private SimulatorClient client;

  @BeforeEach
  void start() {
    SimulatorSettings noThresholds = SimulatorSettings.builder().thresholds(Carrier.FEDEX, ThresholdRules.NONE).build();
    sim = CarrierSimulator.builder(noThresholds).timeSource(time).start();
    client = new SimulatorClient(sim.baseUrl());
  }

  @AfterEach
  void stop() {
    sim.close();
  }

  private JsonNode stats() {
    HttpResponse<String> response = client.get("/__sim/stats");
    assertEquals(200, response.statusCode());
    return SimulatorClient.json(response);
  }

  @Test
  void statsCountTokenAndApiCallsPerCarrier() {
    String token = client.fedexTokenValue();
    client.fedexToken(FEDEX_DEMO_CLIENT, "wrong");
    client.api("/rate/v1/rates/quotes", token);
    client.api("/rate/v1/rates/quotes", "never-issued");
    client.upsTokenValue();

    JsonNode fedex = stats().get("fedex");
    assertEquals(2, fedex.get("tokenCalls").asLong());
    assertEquals(1, fedex.get("tokensIssued").asLong());
    assertEquals(1, fedex.at("/tokenCallsByStatus/200").asLong());
    assertEquals(1, fedex.at("/tokenCallsByStatus/401").asLong());
    assertEquals(1, fedex.at("/apiCallsByStatus/200").asLong());
    assertEquals(1, fedex.at("/apiCallsByStatus/401").asLong());
    assertEquals(0, fedex.get("bans").asLong());
    assertFalse(fedex.get("banned").asBoolean());
    assertEquals(1, stats().at("/ups/tokensIssued").asLong());
  }

  @Test
  void peakAndPerSecondCountsFollowTheClock() {
    for (int i = 0; i < 5; i++) {
      client.fedexTokenValue();
    }
    time.advanceMillis(1000);
    client.fedexTokenValue();
    client.fedexTokenValue();
    time.advanceMillis(1000);

    JsonNode fedex = stats().get("fedex");
    assertEquals(5, fedex.get("peakTokenCallsPerSecond").asInt());
    assertEquals(List.of(5, 2, 0), ints(fedex.get("tokenCallsPerSecond")));
  }

  @Test
  void theJavaApiMatchesTheJson() {
    client.fedexTokenValue();

    CarrierStats stats = sim.stats().fedex();
    assertEquals(stats.tokensIssued(), stats().at("/fedex/tokensIssued").asLong());
    assertEquals(stats.peakTokenCallsPerSecond(), stats().at("/fedex/peakTokenCallsPerSecond").asInt());
  }

  @Test
  void resetStartsTheCountsAgain() {
    client.fedexTokenValue();

    assertEquals(204, client.post("/__sim/reset", "text/plain", "").statusCode());
    JsonNode fedex = stats().get("fedex");
    assertEquals(0, fedex.get("tokenCalls").asLong());
    assertEquals(0, fedex.get("peakTokenCallsPerSecond").asInt());
    assertEquals(List.of(0), ints(fedex.get("tokenCallsPerSecond")));
  }

  @Test
  void statsAreReadWithGetAndResetWithPost() {
    assertEquals(405, client.post("/__sim/stats", "text/plain", "").statusCode());
    assertEquals(405, client.get("/__sim/reset").statusCode());
  }

  @Test
  void unknownPathsAre404AndUncounted() {
    assertEquals(404, client.get("/nowhere").statusCode());
    assertEquals(0, sim.stats().fedex().tokenCalls());
  }

  private static List<Integer> ints(JsonNode array) {
    List<Integer> values = new ArrayList<>();
    array.forEach(value -> values.add(value.asInt()));
    return values;
  }
}
