package dev.tokenguard.demo.carrier;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.OptionalInt;

/** The command line of {@link CarrierSimulatorMain}: {@code --flag value} or {@code --flag=value}. */
final class SimulatorFlags {
  static final String USAGE =
      String.join(
          System.lineSeparator(),
          "usage: carrier-simulator [flags]",
          "  --port N                 HTTP port on 127.0.0.1; 0 (default) picks a free one",
          "  --https-port N           also serve HTTPS with a generated self-signed certificate; 0 picks a free port",
          "  --token-lifetime D       how long tokens live, both carriers (default 60m)",
          "  --revoke true|false      a new token revokes the client id's previous one (default false)",
          "  --latency D              delay before every token endpoint answer (default 0ms)",
          "  --burst C/W/N|off        FedEx burst rule: C calls in each of N consecutive windows W (default 3/1s/5)",
          "  --average C/W|off        FedEx average rule: C calls within W (default 120/120s)",
          "  --ban D                  FedEx ban length (default 10m)",
          "  --ups-burst C/W/N|off    UPS burst rule, answered with 429 (default off)",
          "  --ups-average C/W|off    UPS average rule, answered with 429 (default off)",
          "  --ups-ban D              UPS penalty length (default 10m)",
          "  --api-rate C/W|off       API quota per client id, both carriers: C calls per fixed window W (default 1400/10s)",
          "  --api-retry-after D|off  Retry-After on that 429, whole seconds (default off: FedEx documents none)",
          "  --daily-quota C|off      FedEx daily quota per client id per API route (default off)",
          "  --day D                  length of a day for --daily-quota; 24h days end at midnight GMT (default 24h)",
          "  --fedex-client ID:SECRET accepted FedEx client, repeatable (default demo-client:demo-secret)",
          "  --ups-client ID:SECRET   accepted UPS client, repeatable (default demo-ups-client:demo-ups-secret)",
          "  --help                   print this and exit",
          "durations D: 500ms, 5s, 10m, 2h",
          "");

  private final SimulatorSettings.Builder settings = SimulatorSettings.builder();
  private ThresholdRules fedexRules = ThresholdRules.FEDEX;
  private ThresholdRules upsRules = ThresholdRules.NONE;
  private ApiQuotaRules apiQuotas = ApiQuotaRules.FEDEX;
  private OptionalInt dailyQuota = OptionalInt.empty();
  private Duration day = DailyQuota.REAL_DAY;
  private final Map<Carrier, Map<String, String>> clients = new LinkedHashMap<>();
  private int httpPort;
  private OptionalInt httpsPort = OptionalInt.empty();
  private boolean help;

  private SimulatorFlags() {}

  static SimulatorFlags parse(String... args) throws FlagException {
    SimulatorFlags flags = new SimulatorFlags();
    for (int i = 0; i < args.length; i++) {
      String arg = args[i];
      if (!arg.startsWith("--")) {
        throw new FlagException(arg, "unexpected argument; flags start with --");
      }
      if (arg.equals("--help")) {
        flags.help = true;
        continue;
      }
      int equals = arg.indexOf('=');
      String flag = equals < 0 ? arg : arg.substring(0, equals);
      String value;
      if (equals >= 0) {
        value = arg.substring(equals + 1);
      } else if (i + 1 < args.length) {
        value = args[++i];
      } else {
        throw new FlagException(flag, "needs a value");
      }
      flags.apply(flag, value);
    }
    return flags;
  }

  private void apply(String flag, String value) throws FlagException {
    switch (flag) {
      case "--port" -> httpPort = FlagValues.port(flag, value);
      case "--https-port" -> httpsPort = OptionalInt.of(FlagValues.port(flag, value));
      case "--token-lifetime" -> settings.tokenLifetime(FlagValues.positiveDuration(flag, value));
      case "--revoke" -> settings.revokePrevious(FlagValues.bool(flag, value));
      case "--latency" -> settings.tokenLatency(FlagValues.duration(flag, value));
      case "--burst" -> fedexRules = new ThresholdRules(FlagValues.burst(flag, value), fedexRules.average(), fedexRules.ban());
      case "--average" -> fedexRules = new ThresholdRules(fedexRules.burst(), FlagValues.average(flag, value), fedexRules.ban());
      case "--ban" -> fedexRules = fedexRules.withBan(FlagValues.positiveDuration(flag, value));
      case "--ups-burst" -> upsRules = new ThresholdRules(FlagValues.burst(flag, value), upsRules.average(), upsRules.ban());
      case "--ups-average" -> upsRules = new ThresholdRules(upsRules.burst(), FlagValues.average(flag, value), upsRules.ban());
      case "--ups-ban" -> upsRules = upsRules.withBan(FlagValues.positiveDuration(flag, value));
      case "--api-rate" ->
          apiQuotas = new ApiQuotaRules(FlagValues.apiRate(flag, value), apiQuotas.retryAfter(), apiQuotas.daily());
      case "--api-retry-after" ->
          apiQuotas = new ApiQuotaRules(apiQuotas.rate(), FlagValues.retryAfter(flag, value), apiQuotas.daily());
      case "--daily-quota" -> dailyQuota = FlagValues.countOrOff(flag, value);
      case "--day" -> day = FlagValues.positiveDuration(flag, value);
      case "--fedex-client" -> addClient(Carrier.FEDEX, FlagValues.client(flag, value));
      case "--ups-client" -> addClient(Carrier.UPS, FlagValues.client(flag, value));
      default -> throw new FlagException(flag, "unknown flag; see --help");
    }
  }

  private void addClient(Carrier carrier, ClientCredentials client) {
    clients.computeIfAbsent(carrier, any -> new LinkedHashMap<>()).put(client.clientId(), client.secret());
  }

  boolean helpRequested() {
    return help;
  }

  int httpPort() {
    return httpPort;
  }

  /** Present when HTTPS was asked for. */
  OptionalInt httpsPort() {
    return httpsPort;
  }

  /**
   * Clients given on the command line replace that carrier's demo client. The API rate applies to
   * both carriers, the daily quota to FedEx's only (UPS publishes none).
   */
  SimulatorSettings settings() {
    settings.thresholds(Carrier.FEDEX, fedexRules).thresholds(Carrier.UPS, upsRules);
    ApiQuotaRules fedexQuotas = apiQuotas;
    if (dailyQuota.isPresent()) {
      fedexQuotas = fedexQuotas.withDaily(new DailyQuota(dailyQuota.getAsInt(), day));
    }
    settings.apiQuotas(Carrier.FEDEX, fedexQuotas).apiQuotas(Carrier.UPS, apiQuotas);
    clients.forEach(settings::credentials);
    return settings.build();
  }
}
