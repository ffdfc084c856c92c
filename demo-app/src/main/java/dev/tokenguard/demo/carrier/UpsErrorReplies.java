package dev.tokenguard.demo.carrier;

import java.util.List;
import java.util.Map;

/** UPS's error shape: {@code {"response": {"errors": [{"code": "...", "message": "..."}]}}}. */
final class UpsErrorReplies implements ErrorReplies {
  /** UPS answers 429 "Quota Limit Exceeded" rather than banning, so the thresholds surface as that. */
  @Override
  public Reply refused() {
    return error(429, "10429", "Quota Limit Exceeded");
  }

  /** UPS's API throttling: 429 with error code 10429; UPS publishes no numbers and no Retry-After. */
  @Override
  public Reply overApiRate() {
    return error(429, "10429", "Too Many Requests");
  }

  /** UPS publishes no daily quota; a test that sets one gets UPS's one throttling answer. */
  @Override
  public Reply overDailyQuota() {
    return overApiRate();
  }

  @Override
  public Reply badRequest(String message) {
    return error(400, "10400", message);
  }

  @Override
  public Reply methodNotAllowed(String method) {
    return error(405, "10405", "Method " + method + " is not allowed; use POST.").withHeader("Allow", "POST");
  }

  @Override
  public Reply badCredentials(String message) {
    return error(401, "10401", message);
  }

  @Override
  public Reply invalidToken(String message) {
    return error(401, "250002", "Invalid Authentication Information. " + message);
  }

  @Override
  public Reply serverError() {
    return error(500, "10500", "General Failure");
  }

  @Override
  public Reply gatewayTimeout() {
    return error(504, "10504", "Gateway Timeout");
  }

  private static Reply error(int status, String code, String message) {
    return Reply.json(status, Map.of("response", Map.of("errors", List.of(ErrorEntry.of(code, message)))));
  }
}
