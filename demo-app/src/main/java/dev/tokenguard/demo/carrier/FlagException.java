package dev.tokenguard.demo.carrier;

/** A command-line flag that is unknown, lacks its value, or has a value that does not parse. */
final class FlagException extends Exception {
  private static final long serialVersionUID = 1L;

  FlagException(String flag, String problem) {
    super(flag + ": " + problem);
  }
}
