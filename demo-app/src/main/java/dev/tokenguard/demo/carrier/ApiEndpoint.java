package dev.tokenguard.demo.carrier;

import java.util.Map;
import java.util.Optional;

/**
 * A carrier API route: POST with {@code Authorization: Bearer <token>}, answered with a fixed small
 * document when the token is valid and 401 otherwise (missing, unknown, revoked or expired).
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
    TokenCheck check = state.checkToken(token.get());
    if (check != TokenCheck.VALID) {
      return errors.invalidToken(check.message());
    }
    return Reply.json(200, document);
  }
}
