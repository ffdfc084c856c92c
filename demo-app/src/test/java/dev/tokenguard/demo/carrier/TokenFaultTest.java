package dev.tokenguard.demo.carrier;

import static dev.tokenguard.demo.carrier.SimulatorSettings.FEDEX_DEMO_CLIENT;
import static dev.tokenguard.demo.carrier.SimulatorSettings.FEDEX_DEMO_SECRET;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.UncheckedIOException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Faults and latency injected into a running simulator's token endpoints. */
class TokenFaultTest extends SimulatorFixture {
  @Override
  SimulatorSettings settings() {
    return SimulatorSettings.builder().thresholds(Carrier.FEDEX, ThresholdRules.NONE).build();
  }

  @BeforeEach
  void noLatency() {
    sim.updateSettings(settings -> settings.tokenLatency(Duration.ZERO));
  }

  private HttpResponse<String> fedexToken() {
    return client.fedexToken(FEDEX_DEMO_CLIENT, FEDEX_DEMO_SECRET);
  }

  @Test
  void theNextNCallsAre500ThenTokensFlowAgain() {
    sim.injectTokenFaults(Carrier.FEDEX, TokenFault.serverError(), 2);

    HttpResponse<String> first = fedexToken();
    assertEquals(500, first.statusCode());
    assertEquals("INTERNAL.SERVER.ERROR", SimulatorClient.errorCode(first));
    assertEquals(500, fedexToken().statusCode());
    assertEquals(200, fedexToken().statusCode());
    assertEquals(2, sim.stats().fedex().tokenCalls(500));
  }

  @Test
  void malformedJsonIsA200ThatDoesNotParse() {
    sim.injectTokenFaults(Carrier.FEDEX, TokenFault.malformedJson(), 1);

    HttpResponse<String> response = fedexToken();
    assertEquals(200, response.statusCode());
    assertThrows(JsonProcessingException.class, () -> new ObjectMapper().readTree(response.body()));
    assertEquals(0, sim.stats().fedex().tokensIssued());
  }

  @Test
  void aHangOutlastsTheClientsTimeout() {
    sim.injectTokenFaults(Carrier.FEDEX, TokenFault.hang(Duration.ofSeconds(2)), 1);
    HttpRequest request =
        client
            .request("/oauth/token")
            .timeout(Duration.ofMillis(200))
            .header("Content-Type", SimulatorClient.FORM)
            .POST(HttpRequest.BodyPublishers.ofString(SimulatorClient.fedexForm(FEDEX_DEMO_CLIENT, FEDEX_DEMO_SECRET)))
            .build();

    UncheckedIOException failure = assertThrows(UncheckedIOException.class, () -> client.send(request));
    assertInstanceOf(HttpTimeoutException.class, failure.getCause());
  }

  @Test
  void aHangEndsIn504() {
    sim.injectTokenFaults(Carrier.FEDEX, TokenFault.hang(Duration.ofMillis(200)), 1);

    long start = System.nanoTime();
    HttpResponse<String> response = fedexToken();

    assertEquals(504, response.statusCode());
    assertTrue(Duration.ofNanos(System.nanoTime() - start).toMillis() >= 200);
  }

  @Test
  void faultsAreQueuedPerCarrier() {
    sim.injectTokenFaults(Carrier.UPS, TokenFault.serverError(), 1);

    assertEquals(200, fedexToken().statusCode());
    HttpResponse<String> ups = client.upsToken(SimulatorSettings.UPS_DEMO_CLIENT, SimulatorSettings.UPS_DEMO_SECRET);
    assertEquals(500, ups.statusCode());
    assertEquals("10500", SimulatorClient.errorCode(ups));
  }

  @Test
  void latencyDelaysTokenAnswers() {
    sim.updateSettings(settings -> settings.tokenLatency(Duration.ofMillis(300)));

    long start = System.nanoTime();
    assertEquals(200, fedexToken().statusCode());
    assertTrue(Duration.ofNanos(System.nanoTime() - start).toMillis() >= 300);
  }
}
