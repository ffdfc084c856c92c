package dev.tokenguard.demo.carrier;

import static dev.tokenguard.demo.carrier.SimulatorSettings.UPS_DEMO_CLIENT;
import static dev.tokenguard.demo.carrier.SimulatorSettings.UPS_DEMO_SECRET;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** UPS's token endpoint (HTTP Basic, string numbers) and its rating route. */
class UpsTest extends SimulatorFixture {
  private static final String RATE = "/api/rating/v2409/Rate";

  @Override
  SimulatorSettings settings() {
    return SimulatorSettings.builder().tokenLifetime(Duration.ofHours(4)).build();
  }

  @BeforeEach
  void noThresholds() {
    sim.updateSettings(settings -> settings.thresholds(Carrier.UPS, ThresholdRules.NONE));
  }

  @Test
  void issuesATokenWithUpsStringFields() {
    long before = System.currentTimeMillis();
    HttpResponse<String> response = client.upsToken(UPS_DEMO_CLIENT, UPS_DEMO_SECRET);
    long after = System.currentTimeMillis();
    JsonNode body = SimulatorClient.json(response);

    assertEquals(200, response.statusCode());
    assertEquals("Bearer", body.get("token_type").asText());
    assertTrue(body.get("expires_in").isTextual());
    assertEquals("14399", body.get("expires_in").asText());
    assertTrue(body.get("issued_at").isTextual());
    long issuedAt = Long.parseLong(body.get("issued_at").asText());
    assertTrue(before <= issuedAt && issuedAt <= after, "issued_at is the wall clock in ms");
    assertEquals(UPS_DEMO_CLIENT, body.get("client_id").asText());
    assertTrue(body.get("access_token").asText().length() > 20);
    assertTrue(body.has("scope"));
    assertEquals("0", body.get("refresh_count").asText());
    assertEquals("approved", body.get("status").asText());
    assertEquals("no-store", response.headers().firstValue("Cache-Control").orElse(""));
  }

  @Test
  void aMerchantIdHeaderIsAccepted() {
    HttpRequest request =
        client.upsTokenRequest(UPS_DEMO_CLIENT, UPS_DEMO_SECRET).header("x-merchant-id", "A1B2C3").build();

    assertEquals(200, client.send(request).statusCode());
  }

  @Test
  void aWrongSecretIs401() {
    HttpResponse<String> response = client.upsToken(UPS_DEMO_CLIENT, "wrong");

    assertEquals(401, response.statusCode());
    assertEquals("10401", SimulatorClient.errorCode(response));
  }

  @Test
  void credentialsInTheFormInsteadOfBasicAreRefused() {
    HttpResponse<String> response =
        client.post(
            "/security/v1/oauth/token",
            SimulatorClient.FORM,
            "grant_type=client_credentials&client_id=demo-ups-client&client_secret=demo-ups-secret");

    assertEquals(401, response.statusCode());
  }

  @Test
  void aMissingGrantTypeIs400() {
    HttpRequest request =
        client
            .upsTokenRequest(UPS_DEMO_CLIENT, UPS_DEMO_SECRET)
            .POST(HttpRequest.BodyPublishers.ofString("scope=all"))
            .build();

    assertEquals(400, client.send(request).statusCode());
  }

  @Test
  void getIs405() {
    assertEquals(405, client.get("/security/v1/oauth/token").statusCode());
  }

  @Test
  void theRatingRouteServesAValidToken() {
    HttpResponse<String> response = client.api(RATE, client.upsTokenValue());

    assertEquals(200, response.statusCode());
    assertTrue(SimulatorClient.json(response).has("RateResponse"));
    assertEquals(1, sim.stats().of(Carrier.UPS).apiCalls(200));
  }

  @Test
  void theRatingRouteRefusesAMissingOrUnknownToken() {
    HttpResponse<String> missing = client.apiWithoutToken(RATE);
    HttpResponse<String> unknown = client.api("/api/rating/v2409/Shop", "never-issued");

    assertEquals(401, missing.statusCode());
    assertEquals(401, unknown.statusCode());
    assertEquals("250002", SimulatorClient.errorCode(unknown));
  }

  @Test
  void byDefaultUpsCountsNoThresholds() {
    for (int i = 0; i < 20; i++) {
      assertEquals(200, client.upsToken(UPS_DEMO_CLIENT, UPS_DEMO_SECRET).statusCode());
    }
    assertEquals(0, sim.stats().ups().bans());
  }

  @Test
  void withThresholdsUpsAnswers429QuotaLimitExceededOnTokensOnly() {
    String token = client.upsTokenValue();
    sim.updateSettings(
        settings ->
            settings.thresholds(
                Carrier.UPS, ThresholdRules.NONE.withBurst(new BurstRule(1, Duration.ofMinutes(1), 1))));

    HttpResponse<String> refused = client.upsToken(UPS_DEMO_CLIENT, UPS_DEMO_SECRET);

    assertEquals(429, refused.statusCode());
    assertEquals("Quota Limit Exceeded", SimulatorClient.json(refused).at("/response/errors/0/message").asText());
    assertEquals(200, client.api(RATE, token).statusCode(), "the API is not limited");
    assertEquals(1, sim.stats().ups().bans());
  }
}
