package dev.tokenguard.demo.carrier;

import java.util.Map;
import java.util.Optional;

/**
 * A carrier API route: POST with {@code Authorization: Bearer <token>}, answered with a fixed small
 * document when the token is valid and 401 otherwise (missing, unknown, revoked or expired). A call
 * with a valid token then meets the carrier's API quotas, counted for the token's client id, and is
 * answered 429 when over one.
 */
final class ApiEndpoint implements Endpoint {
  private final CarrierState state;
  private final boolean sharesBan;
  private final Map<String, Object> document;

  /**
   * @param sharesBan whether a banned IP is refused here too: FedEx bans "every request", UPS limits
   *     only its token endpoint
   */
  ApiEndpoint(CarrierState state, boolean sharesBan, Map<String, Object> document) {
    this.state = state;
    this.sharesBan = sharesBan;
    this.document = Map.copyOf(document);
  }

  @Override
  public Reply answer(Request request) {
    ErrorReplies errors = state.errors();
    if (sharesBan && state.enforcer().refuseIfBanned(request.clientIp())) {
      return errors.refused();
    }
    if (!request.isPost()) {
      return errors.methodNotAllowed(request.method());
    }
    Optional<String> token = request.bearerToken();
    if (token.isEmpty()) {
      return errors.invalidToken("Missing or malformed Authorization header.");
    }
    TokenStore.Lookup presented = state.lookupToken(token.get());
    if (presented.check() != TokenCheck.VALID) {
      return errors.invalidToken(presented.check().message());
    }
    ApiQuotaRules quotas = state.apiQuotaRules();
    return switch (state.apiQuotas().admit(quotas, presented.clientId(), request.path())) {
      case ADMITTED -> Reply.json(200, document);
      case OVER_RATE -> withRetryAfter(errors.overApiRate(), quotas);
      case OVER_DAILY_QUOTA -> errors.overDailyQuota();
    };
  }

  private static Reply withRetryAfter(Reply reply, ApiQuotaRules quotas) {
    return quotas
        .retryAfter()
        .map(after -> reply.withHeader("Retry-After", Long.toString(after.toSeconds())))
        .orElse(reply);
  }
}
