package dev.tokenguard.demo.carrier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** FedEx's API routes accept a valid bearer token and nothing else; expiry on a fake clock, to the millisecond. */
class FedExApiTest {
  private static final Duration LIFETIME = Duration.ofSeconds(2);
  private static final String RATE = "/rate/v1/rates/quotes";

  private final FakeTime time = new FakeTime();
  private CarrierSimulator sim;
  private SimulatorClient client;

  private void start(boolean revokePrevious) {
    SimulatorSettings settings =
        SimulatorSettings.builder().tokenLifetime(LIFETIME).revokePrevious(revokePrevious).build();
    sim = CarrierSimulator.builder(settings).timeSource(time).start();
    client = new SimulatorClient(sim.baseUrl());
  }

  @AfterEach
  void stop() {
    sim.close();
  }

  @ParameterizedTest
  @ValueSource(strings = {"/rate/v1/rates/quotes", "/ship/v1/shipments", "/track/v1/trackingnumbers"})
  void aValidTokenIsServed(String route) {
    start(false);
    HttpResponse<String> response = client.api(route, client.fedexTokenValue());

    assertEquals(200, response.statusCode());
    assertTrue(SimulatorClient.json(response).has("output"));
  }

  @Test
  void aMissingTokenIs401NotAuthorized() {
    start(false);
    HttpResponse<String> response = client.apiWithoutToken(RATE);

    assertEquals(401, response.statusCode());
    assertEquals("NOT.AUTHORIZED.ERROR", SimulatorClient.errorCode(response));
  }

  @Test
  void anUnknownTokenIs401NotAuthorized() {
    start(false);
    HttpResponse<String> response = client.api(RATE, "never-issued");

    assertEquals(401, response.statusCode());
    assertEquals("NOT.AUTHORIZED.ERROR", SimulatorClient.errorCode(response));
  }

  @Test
  void aTokenStillWorksOneMillisecondBeforeItExpires() {
    start(false);
    String token = client.fedexTokenValue();
    time.advance(LIFETIME.minusMillis(1));

    assertEquals(200, client.api(RATE, token).statusCode());
  }

  @Test
  void aTokenIs401TheMillisecondItExpires() {
    start(false);
    String token = client.fedexTokenValue();
    time.advance(LIFETIME);

    HttpResponse<String> response = client.api(RATE, token);
    assertEquals(401, response.statusCode());
    assertEquals("NOT.AUTHORIZED.ERROR", SimulatorClient.errorCode(response));
  }

  @Test
  void withRevokeOnTheNextTokenMakesThePreviousOne401() {
    start(true);
    String first = client.fedexTokenValue();
    String second = client.fedexTokenValue();

    assertEquals(401, client.api(RATE, first).statusCode());
    assertEquals(200, client.api(RATE, second).statusCode());
  }

  @Test
  void withRevokeOffBothTokensWork() {
    start(false);
    String first = client.fedexTokenValue();
    client.fedexTokenValue();

    assertEquals(200, client.api(RATE, first).statusCode());
  }

  @Test
  void revokeCanBeSwitchedOnWhileRunning() {
    start(false);
    String first = client.fedexTokenValue();
    sim.updateSettings(settings -> settings.revokePrevious(true));
    client.fedexTokenValue();

    assertEquals(401, client.api(RATE, first).statusCode());
  }

  @Test
  void apiAnswersAreCountedByStatus() {
    start(false);
    String token = client.fedexTokenValue();
    client.api(RATE, token);
    client.api(RATE, token);
    client.api(RATE, "never-issued");

    CarrierStats stats = sim.stats().fedex();
    assertEquals(2, stats.apiCalls(200));
    assertEquals(1, stats.apiCalls(401));
    assertEquals(0, sim.stats().ups().apiCalls(200));
  }
}
