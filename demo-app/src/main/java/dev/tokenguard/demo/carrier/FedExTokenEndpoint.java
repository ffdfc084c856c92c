package dev.tokenguard.demo.carrier;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * {@code POST /oauth/token}: a form with grant_type, client_id and client_secret; child accounts
 * also send child_Key and child_secret (accepted, not checked) with one of the other grant types.
 */
final class FedExTokenEndpoint extends TokenEndpoint {
  private static final Set<String> GRANT_TYPES =
      Set.of("client_credentials", "csp_credentials", "client_pc_credentials");

  FedExTokenEndpoint(CarrierState state) {
    super(state);
  }

  @Override
  Reply issue(Request request) {
    ErrorReplies errors = state.errors();
    Optional<Map<String, String>> form = FormBody.parse(request.body());
    if (form.isEmpty()) {
      return errors.badRequest("The request body is not valid form encoding.");
    }
    String grantType = form.get().get("grant_type");
    if (grantType == null || !GRANT_TYPES.contains(grantType)) {
      return errors.badRequest("grant_type is missing or not supported.");
    }
    Optional<ClientCredentials> credentials = ClientCredentials.fromForm(form.get());
    if (credentials.isEmpty() || !state.accepts(credentials.get())) {
      return errors.badCredentials(
          "The given client credentials were not valid. Please modify your request and try again.");
    }
    IssuedToken token = state.issueToken(credentials.get().clientId());
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("access_token", token.value());
    body.put("token_type", "bearer");
    body.put("expires_in", token.expiresInSeconds());
    body.put("scope", "CXS");
    return Reply.json(200, body);
  }
}
