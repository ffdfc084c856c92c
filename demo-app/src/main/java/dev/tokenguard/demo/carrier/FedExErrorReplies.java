package dev.tokenguard.demo.carrier;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** FedEx's error shape: {@code {"transactionId": "...", "errors": [{"code": "...", "message": "..."}]}}. */
final class FedExErrorReplies implements ErrorReplies {
  private static final String NOT_AUTHORIZED = "NOT.AUTHORIZED.ERROR";
  /** FedEx documents the messages of its quota 429s, not their codes; this follows its code pattern. */
  private static final String TOO_MANY_REQUESTS = "TOO.MANY.REQUESTS.ERROR";

  @Override
  public Reply refused() {
    return error(403, "FORBIDDEN.ERROR", "Forbidden: this IP address exceeded the token endpoint thresholds.");
  }

  /** FedEx's "Quotas & rate limits" guide; it documents no Retry-After. */
  @Override
  public Reply overApiRate() {
    return error(
        429,
        TOO_MANY_REQUESTS,
        "We have received too many requests in a short duration. Please wait a while to try again.");
  }

  /** The reset time is only in the text: FedEx's days end at midnight GMT. */
  @Override
  public Reply overDailyQuota() {
    return error(429, TOO_MANY_REQUESTS, "Daily transaction quota exceeded. Retry after 12:00AM GMT");
  }

  @Override
  public Reply badRequest(String message) {
    return error(400, "BAD.REQUEST.ERROR", message);
  }

  @Override
  public Reply methodNotAllowed(String method) {
    return error(405, "METHOD.NOT.ALLOWED.ERROR", "Method " + method + " is not allowed; use POST.")
        .withHeader("Allow", "POST");
  }

  @Override
  public Reply badCredentials(String message) {
    return error(401, NOT_AUTHORIZED, message);
  }

  @Override
  public Reply invalidToken(String message) {
    return error(401, NOT_AUTHORIZED, message);
  }

  @Override
  public Reply serverError() {
    return error(500, "INTERNAL.SERVER.ERROR", "We encountered an unexpected error. Please try again later.");
  }

  @Override
  public Reply gatewayTimeout() {
    return error(504, "SERVICE.UNAVAILABLE.ERROR", "The service did not answer in time.");
  }

  private static Reply error(int status, String code, String message) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("transactionId", UUID.randomUUID().toString());
    body.put("errors", List.of(ErrorEntry.of(code, message)));
    return Reply.json(status, body);
  }
}
