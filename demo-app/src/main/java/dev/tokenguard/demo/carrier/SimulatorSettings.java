package dev.tokenguard.demo.carrier;

import java.time.Duration;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * How the simulated carriers behave. Immutable; a running {@link CarrierSimulator} swaps in a new one
 * through {@link CarrierSimulator#updateSettings}, and each request reads the settings once it arrives.
 *
 * <p>Defaults: FedEx's published thresholds, UPS counting nothing, no API quotas, 60-minute tokens
 * that do not revoke their predecessors, no added latency, and the demo credentials below. API quotas
 * are off here (the command line turns FedEx's on) so that a load test of token calls counts tokens
 * only; a test of quotas sets them with {@link Builder#apiQuotas}.
 */
public final class SimulatorSettings {
  public static final String FEDEX_DEMO_CLIENT = "demo-client";
  public static final String FEDEX_DEMO_SECRET = "demo-secret";
  public static final String UPS_DEMO_CLIENT = "demo-ups-client";
  public static final String UPS_DEMO_SECRET = "demo-ups-secret";

  private final Map<Carrier, Map<String, String>> credentials;
  private final Map<Carrier, ThresholdRules> thresholds;
  private final Map<Carrier, ApiQuotaRules> apiQuotas;
  private final Duration tokenLifetime;
  private final boolean revokePrevious;
  private final Duration tokenLatency;

  private SimulatorSettings(Builder builder) {
    this.credentials = new EnumMap<>(Carrier.class);
    builder.credentials.forEach((carrier, clients) -> credentials.put(carrier, Map.copyOf(clients)));
    this.thresholds = new EnumMap<>(builder.thresholds);
    this.apiQuotas = new EnumMap<>(builder.apiQuotas);
    this.tokenLifetime = builder.tokenLifetime;
    this.revokePrevious = builder.revokePrevious;
    this.tokenLatency = builder.tokenLatency;
  }

  public static SimulatorSettings defaults() {
    return builder().build();
  }

  public static Builder builder() {
    return new Builder();
  }

  public Builder toBuilder() {
    Builder builder = new Builder();
    credentials.forEach((carrier, clients) -> builder.credentials.put(carrier, new LinkedHashMap<>(clients)));
    builder.thresholds.putAll(thresholds);
    builder.apiQuotas.putAll(apiQuotas);
    builder.tokenLifetime = tokenLifetime;
    builder.revokePrevious = revokePrevious;
    builder.tokenLatency = tokenLatency;
    return builder;
  }

  /** Client id to secret of the clients the carrier accepts. */
  public Map<String, String> credentials(Carrier carrier) {
    return credentials.get(carrier);
  }

  public ThresholdRules thresholds(Carrier carrier) {
    return thresholds.get(carrier);
  }

  public ApiQuotaRules apiQuotas(Carrier carrier) {
    return apiQuotas.get(carrier);
  }

  public Duration tokenLifetime() {
    return tokenLifetime;
  }

  public boolean revokePrevious() {
    return revokePrevious;
  }

  public Duration tokenLatency() {
    return tokenLatency;
  }

  public static final class Builder {
    private final Map<Carrier, Map<String, String>> credentials = new EnumMap<>(Carrier.class);
    private final Map<Carrier, ThresholdRules> thresholds = new EnumMap<>(Carrier.class);
    private final Map<Carrier, ApiQuotaRules> apiQuotas = new EnumMap<>(Carrier.class);
    private Duration tokenLifetime = Duration.ofMinutes(60);
    private boolean revokePrevious;
    private Duration tokenLatency = Duration.ZERO;

    private Builder() {
      credentials.put(Carrier.FEDEX, new LinkedHashMap<>(Map.of(FEDEX_DEMO_CLIENT, FEDEX_DEMO_SECRET)));
      credentials.put(Carrier.UPS, new LinkedHashMap<>(Map.of(UPS_DEMO_CLIENT, UPS_DEMO_SECRET)));
      thresholds.put(Carrier.FEDEX, ThresholdRules.FEDEX);
      thresholds.put(Carrier.UPS, ThresholdRules.NONE);
      apiQuotas.put(Carrier.FEDEX, ApiQuotaRules.NONE);
      apiQuotas.put(Carrier.UPS, ApiQuotaRules.NONE);
    }

    /** Replaces the clients the carrier accepts. */
    public Builder credentials(Carrier carrier, Map<String, String> clientSecrets) {
      credentials.put(carrier, new LinkedHashMap<>(clientSecrets));
      return this;
    }

    /** Adds one client to those the carrier accepts. */
    public Builder client(Carrier carrier, String clientId, String secret) {
      credentials.get(carrier).put(Objects.requireNonNull(clientId), Objects.requireNonNull(secret));
      return this;
    }

    public Builder thresholds(Carrier carrier, ThresholdRules rules) {
      thresholds.put(carrier, Objects.requireNonNull(rules));
      return this;
    }

    public Builder apiQuotas(Carrier carrier, ApiQuotaRules rules) {
      apiQuotas.put(carrier, Objects.requireNonNull(rules));
      return this;
    }

    /** How long every token lives, for both carriers; honoured to the millisecond. */
    public Builder tokenLifetime(Duration lifetime) {
      Validation.positive("token lifetime", lifetime);
      tokenLifetime = lifetime;
      return this;
    }

    /** Whether a new token for a client id revokes the one that client id was given before. */
    public Builder revokePrevious(boolean revoke) {
      revokePrevious = revoke;
      return this;
    }

    /** Added before every token endpoint answer, for both carriers. */
    public Builder tokenLatency(Duration latency) {
      Validation.notNegative("token latency", latency);
      tokenLatency = latency;
      return this;
    }

    public SimulatorSettings build() {
      return new SimulatorSettings(this);
    }
  }
}
