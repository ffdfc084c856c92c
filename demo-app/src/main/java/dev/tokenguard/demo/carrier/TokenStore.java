package dev.tokenguard.demo.carrier;

import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;

/**
 * One carrier's issued tokens. A token is valid while {@code now < issued + lifetime}, to the
 * nanosecond of the {@link TimeSource}; with revoke-previous on, issuing a token for a client id
 * revokes the token that client id was given before (whether FedEx does this is undocumented, hence
 * the switch).
 *
 * <p>Expired and revoked tokens are swept out once the map has doubled since the last sweep, so a
 * storm cannot grow it without bound; a swept token then reads as UNKNOWN, which is still a 401.
 */
final class TokenStore {
  private static final int FIRST_SWEEP = 1024;

  private record Entry(String clientId, long expiresAtNanos, boolean revoked) {}

  /** What a presented token is, and whose: {@code clientId} is null for an UNKNOWN token. */
  record Lookup(TokenCheck check, String clientId) {}

  private final TimeSource time;
  private final SecureRandom random = new SecureRandom();
  private final Map<String, Entry> tokens = new HashMap<>();
  private final Map<String, String> latestByClient = new HashMap<>();
  private int sweepAt = FIRST_SWEEP;

  TokenStore(TimeSource time) {
    this.time = time;
  }

  synchronized IssuedToken issue(String clientId, Duration lifetime, boolean revokePrevious) {
    long now = time.nanoTime();
    String value = newValue();
    String previous = latestByClient.put(clientId, value);
    if (revokePrevious && previous != null) {
      tokens.computeIfPresent(previous, (token, entry) -> new Entry(entry.clientId(), entry.expiresAtNanos(), true));
    }
    tokens.put(value, new Entry(clientId, now + lifetime.toNanos(), false));
    sweepIfGrown(now);
    return new IssuedToken(value, time.epochMillis(), lifetime);
  }

  synchronized Lookup lookup(String value) {
    Entry entry = tokens.get(value);
    if (entry == null) {
      return new Lookup(TokenCheck.UNKNOWN, null);
    }
    if (entry.revoked()) {
      return new Lookup(TokenCheck.REVOKED, entry.clientId());
    }
    TokenCheck check = time.nanoTime() - entry.expiresAtNanos() < 0 ? TokenCheck.VALID : TokenCheck.EXPIRED;
    return new Lookup(check, entry.clientId());
  }

  private void sweepIfGrown(long now) {
    if (tokens.size() < sweepAt) {
      return;
    }
    tokens.values().removeIf(entry -> entry.revoked() || now - entry.expiresAtNanos() >= 0);
    latestByClient.values().removeIf(value -> !tokens.containsKey(value));
    sweepAt = Math.max(FIRST_SWEEP, tokens.size() * 2);
  }

  private String newValue() {
    byte[] bytes = new byte[24];
    random.nextBytes(bytes);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }
}
