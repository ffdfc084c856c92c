package dev.tokenguard.demo.carrier;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;

/** A client id and secret as presented: in the form body (FedEx) or by HTTP Basic (UPS). */
record ClientCredentials(String clientId, String secret) {
  static Optional<ClientCredentials> fromForm(Map<String, String> form) {
    String clientId = form.get("client_id");
    String secret = form.get("client_secret");
    return clientId == null || secret == null
        ? Optional.empty()
        : Optional.of(new ClientCredentials(clientId, secret));
  }

  /** From {@code Authorization: Basic base64(id:secret)} (RFC 7617); empty if absent or garbled. */
  static Optional<ClientCredentials> fromBasicAuth(Request request) {
    return request
        .header("Authorization")
        .map(String::trim)
        .filter(value -> value.regionMatches(true, 0, "Basic ", 0, 6))
        .flatMap(value -> decodeBasic(value.substring(6).trim()));
  }

  private static Optional<ClientCredentials> decodeBasic(String encoded) {
    String pair;
    try {
      pair = new String(Base64.getDecoder().decode(encoded), StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
    int colon = pair.indexOf(':');
    return colon < 0
        ? Optional.empty()
        : Optional.of(new ClientCredentials(pair.substring(0, colon), pair.substring(colon + 1)));
  }

  /** True if {@code accepted} (client id to secret) holds this exact pair. */
  boolean isAcceptedBy(Map<String, String> accepted) {
    return secret.equals(accepted.get(clientId));
  }
}
