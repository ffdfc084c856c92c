package dev.tokenguard.demo.carrier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The API quotas as a client meets them: the carriers' 429 bodies and headers, and the stats. */
class ApiQuotaTest {
  private static final String FEDEX_RATE = "/rate/v1/rates/quotes";
  private static final String UPS_RATE = "/api/rating/v2409/Rate";
  private static final ApiQuotaRules TWO_PER_SECOND =
      ApiQuotaRules.NONE.withRate(new ApiRate(2, Duration.ofSeconds(1)));

  private final FakeTime time = new FakeTime();
  private CarrierSimulator sim;
  private SimulatorClient client;

  private void start(Carrier carrier, ApiQuotaRules quotas) {
    SimulatorSettings settings = SimulatorSettings.builder().apiQuotas(carrier, quotas).build();
    sim = CarrierSimulator.builder(settings).timeSource(time).start();
    client = new SimulatorClient(sim.baseUrl());
  }

  @AfterEach
  void stop() {
    sim.close();
  }

  /** The answer to the first call over the quota, after {@code calls} admitted ones. */
  private HttpResponse<String> firstCallOver(int calls, Supplier<HttpResponse<String>> send) {
    for (int i = 0; i < calls; i++) {
      assertEquals(200, send.get().statusCode());
    }
    return send.get();
  }

  @Test
  void fedExAnswersTheCallOverTheRateWith429ItsBodyAndNoRetryAfter() {
    start(Carrier.FEDEX, TWO_PER_SECOND);
    String token = client.fedexTokenValue();

    HttpResponse<String> response = firstCallOver(2, () -> client.api(FEDEX_RATE, token));

    assertEquals(429, response.statusCode());
    JsonNode error = SimulatorClient.json(response).at("/errors/0");
    assertEquals("TOO.MANY.REQUESTS.ERROR", error.get("code").asText());
    assertEquals(
        "We have received too many requests in a short duration. Please wait a while to try again.",
        error.get("message").asText());
    assertFalse(response.headers().firstValue("Retry-After").isPresent());
  }

  @Test
  void aRetryAfterIsSentWhenAskedFor() {
    start(Carrier.FEDEX, TWO_PER_SECOND.withRetryAfter(Duration.ofSeconds(3)));
    String token = client.fedexTokenValue();

    HttpResponse<String> response = firstCallOver(2, () -> client.api(FEDEX_RATE, token));

    assertEquals("3", response.headers().firstValue("Retry-After").orElse("none"));
  }

  @Test
  void fedExAnswersTheCallOverTheDailyQuotaWithTheResetTimeInTheBody() {
    start(Carrier.FEDEX, ApiQuotaRules.NONE.withDaily(new DailyQuota(1, Duration.ofSeconds(10))));
    String token = client.fedexTokenValue();

    HttpResponse<String> response = firstCallOver(1, () -> client.api(FEDEX_RATE, token));

    assertEquals(429, response.statusCode());
    assertEquals(
        "Daily transaction quota exceeded. Retry after 12:00AM GMT",
        SimulatorClient.json(response).at("/errors/0/message").asText());
    time.advance(Duration.ofSeconds(10));
    assertEquals(200, client.api(FEDEX_RATE, token).statusCode());
  }

  @Test
  void upsAnswersTheCallOverTheRateWithError10429() {
    start(Carrier.UPS, TWO_PER_SECOND);
    String token = client.upsTokenValue();

    HttpResponse<String> response = firstCallOver(2, () -> client.api(UPS_RATE, token));

    assertEquals(429, response.statusCode());
    JsonNode error = SimulatorClient.json(response).at("/response/errors/0");
    assertEquals("10429", error.get("code").asText());
    assertEquals("Too Many Requests", error.get("message").asText());
  }

  @Test
  void theQuotaCountsTheClientIdOfTheTokenNotTheToken() {
    start(Carrier.FEDEX, TWO_PER_SECOND);
    String first = client.fedexTokenValue();
    String second = client.fedexTokenValue();
    client.api(FEDEX_RATE, first);
    client.api(FEDEX_RATE, second);

    assertEquals(429, client.api(FEDEX_RATE, first).statusCode());
  }

  @Test
  void aCallWithABadTokenIs401AndNotCounted() {
    start(Carrier.FEDEX, TWO_PER_SECOND);
    client.api(FEDEX_RATE, "never-issued");
    client.api(FEDEX_RATE, "never-issued");
    client.api(FEDEX_RATE, "never-issued");

    assertEquals(200, client.api(FEDEX_RATE, client.fedexTokenValue()).statusCode());
    assertEquals(1, sim.stats().fedex().apiQuota().admitted());
  }

  @Test
  void theStatsEndpointShowsAdmittedRefusedAndPeaks() {
    start(Carrier.FEDEX, TWO_PER_SECOND);
    String token = client.fedexTokenValue();
    for (int i = 0; i < 5; i++) {
      client.api(FEDEX_RATE, token);
    }

    JsonNode fedex = SimulatorClient.json(client.get("/__sim/stats")).get("fedex");
    assertEquals(3, fedex.at("/apiCallsByStatus/429").asLong());
    JsonNode quota = fedex.get("apiQuota");
    assertEquals(2, quota.get("admitted").asLong());
    assertEquals(3, quota.get("overRate").asLong());
    assertEquals(0, quota.get("overDailyQuota").asLong());
    assertEquals(5, quota.get("peakCallsPerWindow").asInt());
    assertEquals(2, quota.get("peakAdmittedPerWindow").asInt());
  }

  @Test
  void quotasCanBeSwitchedOffWhileRunning() {
    start(Carrier.FEDEX, TWO_PER_SECOND);
    String token = client.fedexTokenValue();
    sim.updateSettings(settings -> settings.apiQuotas(Carrier.FEDEX, ApiQuotaRules.NONE));

    for (int i = 0; i < 5; i++) {
      assertEquals(200, client.api(FEDEX_RATE, token).statusCode());
    }
  }
}
