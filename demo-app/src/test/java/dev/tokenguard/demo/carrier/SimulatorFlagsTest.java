package dev.tokenguard.demo.carrier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class SimulatorFlagsTest {
  @Test
  void noFlagsMeanFedExRulesAFreePortAndNoHttps() throws FlagException {
    SimulatorFlags flags = SimulatorFlags.parse();

    assertEquals(0, flags.httpPort());
    assertTrue(flags.httpsPort().isEmpty());
    assertEquals(ThresholdRules.FEDEX, flags.settings().thresholds(Carrier.FEDEX));
    assertEquals(ThresholdRules.NONE, flags.settings().thresholds(Carrier.UPS));
    assertEquals(ApiQuotaRules.FEDEX, flags.settings().apiQuotas(Carrier.FEDEX));
    assertEquals(ApiQuotaRules.FEDEX, flags.settings().apiQuotas(Carrier.UPS));
  }

  @Test
  void apiQuotaFlagsReachBothCarriersAndTheDailyQuotaFedExOnly() throws FlagException {
    SimulatorSettings settings =
        SimulatorFlags.parse("--api-rate", "100/2s", "--api-retry-after", "3s", "--daily-quota", "500", "--day", "1m")
            .settings();

    ApiQuotaRules ups = ApiQuotaRules.NONE.withRate(new ApiRate(100, Duration.ofSeconds(2))).withRetryAfter(Duration.ofSeconds(3));
    assertEquals(ups.withDaily(new DailyQuota(500, Duration.ofMinutes(1))), settings.apiQuotas(Carrier.FEDEX));
    assertEquals(ups, settings.apiQuotas(Carrier.UPS));
  }

  @Test
  void apiRateOffLeavesNoQuota() throws FlagException {
    assertEquals(ApiQuotaRules.NONE, SimulatorFlags.parse("--api-rate=off").settings().apiQuotas(Carrier.FEDEX));
  }

  @Test
  void aDailyQuotaDefaultsToARealDay() throws FlagException {
    assertEquals(
        new DailyQuota(100000, Duration.ofHours(24)),
        SimulatorFlags.parse("--daily-quota", "100000").settings().apiQuotas(Carrier.FEDEX).daily().orElseThrow());
  }

  @Test
  void everyFlagReachesTheSettings() throws FlagException {
    SimulatorFlags flags =
        SimulatorFlags.parse(
            "--port", "8089", "--https-port=0", "--token-lifetime", "5s", "--revoke", "true",
            "--latency", "20ms", "--burst", "4/500ms/3", "--average", "off", "--ban", "2m",
            "--ups-burst", "2/1s/2", "--ups-ban", "30s", "--fedex-client", "a:b:c", "--ups-client", "u:s");
    SimulatorSettings settings = flags.settings();

    assertEquals(8089, flags.httpPort());
    assertEquals(0, flags.httpsPort().getAsInt());
    assertEquals(Duration.ofSeconds(5), settings.tokenLifetime());
    assertTrue(settings.revokePrevious());
    assertEquals(Duration.ofMillis(20), settings.tokenLatency());
    assertEquals(
        new ThresholdRules(Optional.of(new BurstRule(4, Duration.ofMillis(500), 3)), Optional.empty(), Duration.ofMinutes(2)),
        settings.thresholds(Carrier.FEDEX));
    assertEquals(
        new ThresholdRules(Optional.of(new BurstRule(2, Duration.ofSeconds(1), 2)), Optional.empty(), Duration.ofSeconds(30)),
        settings.thresholds(Carrier.UPS));
    assertEquals(Map.of("a", "b:c"), settings.credentials(Carrier.FEDEX));
    assertEquals(Map.of("u", "s"), settings.credentials(Carrier.UPS));
  }

  @Test
  void helpIsAFlagWithoutValue() throws FlagException {
    assertTrue(SimulatorFlags.parse("--help").helpRequested());
    assertFalse(SimulatorFlags.parse().helpRequested());
  }

  @Test
  void errorsNameTheFlag() {
    assertError("--ban: expected a duration such as 500ms, 5s, 10m or 2h, got 'soon'", "--ban", "soon");
    assertError("--burst: expected CALLS/WINDOW/WINDOWS such as 3/1s/5, or off, got '3/1s'", "--burst", "3/1s");
    assertError("--revoke: expected true or false, got 'yes'", "--revoke", "yes");
    assertError("--port: expected a port from 0 to 65535, got '70000'", "--port", "70000");
    assertError("--token-lifetime: must be longer than zero, got '0s'", "--token-lifetime", "0s");
    assertError("--latency: needs a value", "--latency");
    assertError("--colour: unknown flag; see --help", "--colour", "red");
    assertError("stray: unexpected argument; flags start with --", "stray");
    assertError("--api-rate: expected CALLS/WINDOW such as 1400/10s, or off, got '1400'", "--api-rate", "1400");
    assertError("--api-rate: expected a count above zero, got '0'", "--api-rate", "0/10s");
    assertError("--api-retry-after: Retry-After is whole seconds, got '1500ms'", "--api-retry-after", "1500ms");
    assertError("--daily-quota: expected a whole number, got 'many'", "--daily-quota", "many");
    assertError("--day: must be longer than zero, got '0h'", "--day", "0h");
  }

  private static void assertError(String message, String... args) {
    assertEquals(message, assertThrows(FlagException.class, () -> SimulatorFlags.parse(args)).getMessage());
  }
}
