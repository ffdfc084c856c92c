package dev.tokenguard.demo.carrier;

/** How one carrier words each error the simulator answers with. */
interface ErrorReplies {
  /** The answer to a call refused by the thresholds. */
  Reply refused();

  /** The 429 of an API call over the rate quota ({@link ApiRate}). */
  Reply overApiRate();

  /** The 429 of an API call over the daily quota ({@link DailyQuota}). */
  Reply overDailyQuota();

  Reply badRequest(String message);

  Reply methodNotAllowed(String method);

  Reply badCredentials(String message);

  Reply invalidToken(String message);

  Reply serverError();

  Reply gatewayTimeout();
}
