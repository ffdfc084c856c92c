package dev.tokenguard.demo.carrier;

/** What the simulator knows of a presented bearer token; every answer but VALID is a 401. */
enum TokenCheck {
  VALID("Valid."),
  EXPIRED("Access token expired. Please modify your request and try again."),
  REVOKED("Access token was replaced by a newer one. Please modify your request and try again."),
  UNKNOWN("Invalid access token. Please modify your request and try again.");

  private final String message;

  TokenCheck(String message) {
    this.message = message;
  }

  String message() {
    return message;
  }
}
