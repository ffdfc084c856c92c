package dev.tokenguard.demo.carrier;

/** A snapshot of both carriers' {@link CarrierStats}; {@code GET /__sim/stats} serves it as JSON. */
public record SimulatorStats(CarrierStats fedex, CarrierStats ups) {
  public CarrierStats of(Carrier carrier) {
    return carrier == Carrier.FEDEX ? fedex : ups;
  }
}
