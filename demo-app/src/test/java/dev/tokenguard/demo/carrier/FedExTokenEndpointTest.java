package dev.tokenguard.demo.carrier;

import static dev.tokenguard.demo.carrier.SimulatorSettings.FEDEX_DEMO_CLIENT;
import static dev.tokenguard.demo.carrier.SimulatorSettings.FEDEX_DEMO_SECRET;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;

/** {@code POST /oauth/token} as FedEx answers it. Thresholds are off here; they have tests of their own. */
class FedExTokenEndpointTest extends SimulatorFixture {
  @Override
  SimulatorSettings settings() {
    return SimulatorSettings.builder().thresholds(Carrier.FEDEX, ThresholdRules.NONE).build();
  }

  @Test
  void issuesABearerTokenShapedLikeFedExs() {
    HttpResponse<String> response = client.fedexToken(FEDEX_DEMO_CLIENT, FEDEX_DEMO_SECRET);
    JsonNode body = SimulatorClient.json(response);

    assertEquals(200, response.statusCode());
    assertFalse(body.get("access_token").asText().isEmpty());
    assertEquals("bearer", body.get("token_type").asText());
    assertTrue(body.get("expires_in").isIntegralNumber());
    assertEquals(3599, body.get("expires_in").asLong(), "default 60-minute lifetime");
    assertEquals("CXS", body.get("scope").asText());
    assertEquals("no-store", response.headers().firstValue("Cache-Control").orElse(""));
    assertEquals(1, sim.stats().fedex().tokensIssued());
  }

  @Test
  void childKeyAndSecretAreAccepted() {
    HttpResponse<String> response =
        client.post(
            "/oauth/token",
            SimulatorClient.FORM,
            "grant_type=csp_credentials&client_id=demo-client&client_secret=demo-secret"
                + "&child_Key=child&child_secret=child-secret");

    assertEquals(200, response.statusCode());
  }

  @Test
  void aWrongSecretIs401NotAuthorized() {
    HttpResponse<String> response = client.fedexToken(FEDEX_DEMO_CLIENT, "wrong");

    assertEquals(401, response.statusCode());
    assertEquals("NOT.AUTHORIZED.ERROR", SimulatorClient.errorCode(response));
    assertEquals(0, sim.stats().fedex().tokensIssued());
  }

  @Test
  void anUnknownClientIs401NotAuthorized() {
    HttpResponse<String> response = client.fedexToken("stranger", FEDEX_DEMO_SECRET);

    assertEquals(401, response.statusCode());
    assertEquals("NOT.AUTHORIZED.ERROR", SimulatorClient.errorCode(response));
  }

  @Test
  void configuredClientsAreAcceptedWhileRunning() {
    sim.updateSettings(settings -> settings.client(Carrier.FEDEX, "second", "s3cret"));

    assertEquals(200, client.fedexToken("second", "s3cret").statusCode());
  }

  @Test
  void getIs405() {
    HttpResponse<String> response = client.get("/oauth/token");

    assertEquals(405, response.statusCode());
    assertEquals("POST", response.headers().firstValue("Allow").orElse(""));
  }

  @Test
  void aJsonBodyIs400() {
    HttpResponse<String> response = client.post("/oauth/token", "application/json", "{\"grant_type\":\"client_credentials\"}");

    assertEquals(400, response.statusCode());
    assertEquals("BAD.REQUEST.ERROR", SimulatorClient.errorCode(response));
  }

  @Test
  void aMissingGrantTypeIs400() {
    HttpResponse<String> response =
        client.post("/oauth/token", SimulatorClient.FORM, "client_id=demo-client&client_secret=demo-secret");

    assertEquals(400, response.statusCode());
  }

  @Test
  void aBodyThatIsNotFormEncodingIs400() {
    assertEquals(400, client.post("/oauth/token", SimulatorClient.FORM, "grant_type=%zz").statusCode());
  }

  @Test
  void everyAnswerIsCountedByStatus() {
    client.fedexToken(FEDEX_DEMO_CLIENT, FEDEX_DEMO_SECRET);
    client.fedexToken(FEDEX_DEMO_CLIENT, "wrong");
    client.get("/oauth/token");

    CarrierStats stats = sim.stats().fedex();
    assertEquals(3, stats.tokenCalls());
    assertEquals(1, stats.tokenCalls(200));
    assertEquals(1, stats.tokenCalls(401));
    assertEquals(1, stats.tokenCalls(405));
  }

  @Test
  void pathsAreMatchedExactly() {
    assertEquals(404, client.post("/oauth/tokens", SimulatorClient.FORM, "").statusCode());
    assertEquals(0, sim.stats().fedex().tokenCalls());
  }
}
