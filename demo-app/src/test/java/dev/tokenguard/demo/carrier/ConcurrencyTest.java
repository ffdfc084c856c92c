package dev.tokenguard.demo.carrier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

class ConcurrencyTest {
  private static final int CALLERS = 200;
  private static final Duration LATENCY = Duration.ofMillis(500);

  @Test
  void twoHundredCallersHeldByLatencyAreServedAtOnce() {
    SimulatorSettings settings =
        SimulatorSettings.builder().thresholds(Carrier.FEDEX, ThresholdRules.NONE).tokenLatency(LATENCY).build();
    try (CarrierSimulator sim = CarrierSimulator.start(settings)) {
      HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
      HttpRequest request =
          HttpRequest.newBuilder(URI.create(sim.baseUrl() + "/oauth/token"))
              .header("Content-Type", SimulatorClient.FORM)
              .POST(HttpRequest.BodyPublishers.ofString(
                  SimulatorClient.fedexForm(SimulatorSettings.FEDEX_DEMO_CLIENT, SimulatorSettings.FEDEX_DEMO_SECRET)))
              .build();

      long start = System.nanoTime();
      List<CompletableFuture<HttpResponse<Void>>> calls = new ArrayList<>();
      for (int i = 0; i < CALLERS; i++) {
        calls.add(http.sendAsync(request, HttpResponse.BodyHandlers.discarding()));
      }
      calls.forEach(call -> assertEquals(200, call.join().statusCode()));
      Duration took = Duration.ofNanos(System.nanoTime() - start);

      // One after another they would take 100 s; 20 s rules that out and leaves a busy machine room.
      assertTrue(took.compareTo(LATENCY.multipliedBy(40)) < 0, "took " + took);
      CarrierStats stats = sim.stats().fedex();
      assertEquals(CALLERS, stats.tokensIssued());
      assertTrue(stats.peakTokenCallsPerSecond() > 100, "peak " + stats.peakTokenCallsPerSecond());
    }
  }
}
