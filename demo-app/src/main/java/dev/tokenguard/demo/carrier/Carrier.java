package dev.tokenguard.demo.carrier;

/** The carriers the simulator plays; {@link #key()} names each in stats and flags. */
public enum Carrier {
  FEDEX("fedex"),
  UPS("ups");

  private final String key;

  Carrier(String key) {
    this.key = key;
  }

  public String key() {
    return key;
  }
}
