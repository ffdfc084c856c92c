package dev.tokenguard.demo.carrier;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;

/** A plain JDK HTTP client speaking to a simulator the way the carriers' clients do. */
final class SimulatorClient {
  static final String FORM = "application/x-www-form-urlencoded";
  private static final ObjectMapper JSON = new ObjectMapper();

  private final String baseUrl;
  private final HttpClient http;

  SimulatorClient(String baseUrl) {
    this(baseUrl, HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build());
  }

  SimulatorClient(String baseUrl, HttpClient http) {
    this.baseUrl = baseUrl;
    this.http = http;
  }

  static String fedexForm(String clientId, String secret) {
    return "grant_type=client_credentials&client_id=" + clientId + "&client_secret=" + secret;
  }

  HttpResponse<String> fedexToken(String clientId, String secret) {
    return post("/oauth/token", FORM, fedexForm(clientId, secret));
  }

  /** A token for FedEx's demo client; fails the test if none is issued. */
  String fedexTokenValue() {
    HttpResponse<String> response =
        fedexToken(SimulatorSettings.FEDEX_DEMO_CLIENT, SimulatorSettings.FEDEX_DEMO_SECRET);
    if (response.statusCode() != 200) {
      throw new AssertionError("no FedEx token: " + response.statusCode() + " " + response.body());
    }
    return json(response).get("access_token").asText();
  }

  HttpResponse<String> upsToken(String clientId, String secret) {
    return send(upsTokenRequest(clientId, secret).build());
  }

  HttpRequest.Builder upsTokenRequest(String clientId, String secret) {
    String basic = Base64.getEncoder().encodeToString((clientId + ":" + secret).getBytes(StandardCharsets.UTF_8));
    return request("/security/v1/oauth/token")
        .header("Authorization", "Basic " + basic)
        .header("Content-Type", FORM)
        .POST(HttpRequest.BodyPublishers.ofString("grant_type=client_credentials"));
  }

  String upsTokenValue() {
    HttpResponse<String> response =
        upsToken(SimulatorSettings.UPS_DEMO_CLIENT, SimulatorSettings.UPS_DEMO_SECRET);
    if (response.statusCode() != 200) {
      throw new AssertionError("no UPS token: " + response.statusCode() + " " + response.body());
    }
    return json(response).get("access_token").asText();
  }

  /** An API call carrying {@code Authorization: Bearer <token>}. */
  HttpResponse<String> api(String path, String token) {
    return send(
        request(path)
            .header("Authorization", "Bearer " + token)
            .header("Content-Type", "application/json")
            .POST(jsonBody())
            .build());
  }

  HttpResponse<String> apiWithoutToken(String path) {
    return send(request(path).POST(jsonBody()).build());
  }

  HttpResponse<String> post(String path, String contentType, String body) {
    return send(
        request(path).header("Content-Type", contentType).POST(HttpRequest.BodyPublishers.ofString(body)).build());
  }

  HttpResponse<String> get(String path) {
    return send(request(path).GET().build());
  }

  HttpRequest.Builder request(String path) {
    return HttpRequest.newBuilder(URI.create(baseUrl + path)).timeout(Duration.ofSeconds(10));
  }

  HttpResponse<String> send(HttpRequest request) {
    try {
      return http.send(request, HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  static JsonNode json(HttpResponse<String> response) {
    try {
      return JSON.readTree(response.body());
    } catch (IOException e) {
      throw new AssertionError("not JSON: " + response.body(), e);
    }
  }

  /** The first error code of a FedEx ({@code errors[0].code}) or UPS ({@code response.errors[0].code}) body. */
  static String errorCode(HttpResponse<String> response) {
    JsonNode body = json(response);
    JsonNode errors = body.has("response") ? body.get("response").get("errors") : body.get("errors");
    return errors.get(0).get("code").asText();
  }

  private static HttpRequest.BodyPublisher jsonBody() {
    return HttpRequest.BodyPublishers.ofString("{}");
  }
}
