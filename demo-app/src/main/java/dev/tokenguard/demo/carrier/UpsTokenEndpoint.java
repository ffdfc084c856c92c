package dev.tokenguard.demo.carrier;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * {@code POST /security/v1/oauth/token}: HTTP Basic with client id and secret, a form with
 * grant_type=client_credentials, and optionally {@code x-merchant-id}, which is accepted as sent.
 * UPS writes {@code issued_at}, {@code expires_in} and {@code refresh_count} as strings.
 */
final class UpsTokenEndpoint extends TokenEndpoint {
  UpsTokenEndpoint(CarrierState state) {
    super(state);
  }

  @Override
  Reply issue(Request request) {
    ErrorReplies errors = state.errors();
    Optional<Map<String, String>> form = FormBody.parse(request.body());
    if (form.isEmpty() || !"client_credentials".equals(form.get().get("grant_type"))) {
      return errors.badRequest("Invalid/Missing grant_type");
    }
    Optional<ClientCredentials> credentials = ClientCredentials.fromBasicAuth(request);
    if (credentials.isEmpty()) {
      return errors.badCredentials("Invalid/Missing Authorization Header");
    }
    if (!state.accepts(credentials.get())) {
      return errors.badCredentials("ClientId is Invalid");
    }
    String clientId = credentials.get().clientId();
    IssuedToken token = state.issueToken(clientId);
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("token_type", "Bearer");
    body.put("issued_at", Long.toString(token.issuedAtEpochMillis()));
    body.put("client_id", clientId);
    body.put("access_token", token.value());
    body.put("scope", "");
    body.put("expires_in", Long.toString(token.expiresInSeconds()));
    body.put("refresh_count", "0");
    body.put("status", "approved");
    return Reply.json(200, body);
  }
}
