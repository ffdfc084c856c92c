package dev.tokenguard.demo.carrier;

import java.time.Duration;

/** A token as handed out: the value, when it was issued (wall clock, for UPS) and how long it lives. */
record IssuedToken(String value, long issuedAtEpochMillis, Duration lifetime) {
  /**
   * The {@code expires_in} a carrier reports: the largest whole number of seconds below the lifetime.
   * That is FedEx's 3599 for a 60-minute token and UPS's 14399 for a 4-hour one, never overstates a
   * token's life, and gives 0 for the sub-second lifetimes tests use.
   */
  long expiresInSeconds() {
    long millis = lifetime.toMillis();
    return millis <= 0 ? 0 : (millis - 1) / 1000;
  }
}
