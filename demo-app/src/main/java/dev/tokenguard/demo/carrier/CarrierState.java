package dev.tokenguard.demo.carrier;

import java.util.function.Supplier;

/** Everything one simulated carrier remembers while running: tokens, thresholds, quotas, faults, counts. */
final class CarrierState {
  private final Carrier carrier;
  private final Supplier<SimulatorSettings> settings;
  private final TimeSource time;
  private final ErrorReplies errors;
  private final TokenStore tokens;
  private final ThresholdEnforcer enforcer;
  private final ApiQuotaEnforcer apiQuotas;
  private final PendingFaults faults = new PendingFaults();
  private volatile CarrierCounters counters;

  CarrierState(Carrier carrier, Supplier<SimulatorSettings> settings, TimeSource time, ErrorReplies errors) {
    this.carrier = carrier;
    this.settings = settings;
    this.time = time;
    this.errors = errors;
    this.tokens = new TokenStore(time);
    this.enforcer = new ThresholdEnforcer(() -> settings.get().thresholds(carrier), time);
    this.apiQuotas = new ApiQuotaEnforcer(time);
    this.counters = new CarrierCounters(time);
  }

  SimulatorSettings settings() {
    return settings.get();
  }

  ErrorReplies errors() {
    return errors;
  }

  ThresholdEnforcer enforcer() {
    return enforcer;
  }

  ApiQuotaEnforcer apiQuotas() {
    return apiQuotas;
  }

  ApiQuotaRules apiQuotaRules() {
    return settings.get().apiQuotas(carrier);
  }

  PendingFaults faults() {
    return faults;
  }

  CarrierCounters counters() {
    return counters;
  }

  boolean accepts(ClientCredentials credentials) {
    return credentials.isAcceptedBy(settings.get().credentials(carrier));
  }

  IssuedToken issueToken(String clientId) {
    SimulatorSettings current = settings.get();
    IssuedToken token = tokens.issue(clientId, current.tokenLifetime(), current.revokePrevious());
    counters.tokenIssued();
    return token;
  }

  TokenStore.Lookup lookupToken(String token) {
    return tokens.lookup(token);
  }

  CarrierStats stats() {
    return counters.snapshot(enforcer.bansStarted(), enforcer.anyBanned(), apiQuotas.stats());
  }

  /**
   * Forgets what was observed (counts, call histories, bans, quota windows, queued faults); issued
   * tokens stay valid.
   */
  void reset() {
    counters = new CarrierCounters(time);
    enforcer.reset();
    apiQuotas.reset();
    faults.clear();
  }
}
