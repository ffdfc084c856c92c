package dev.tokenguard.demo.carrier;

import java.time.Duration;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Parses the values of {@link SimulatorFlags}: durations, switches, ports, rules, quotas and credentials. */
final class FlagValues {
  private static final Pattern DURATION = Pattern.compile("(\\d+)(ms|s|m|h)");

  private FlagValues() {}

  /** {@code 500ms}, {@code 5s}, {@code 10m} or {@code 2h}: whole numbers, so no rounding surprises. */
  static Duration duration(String flag, String value) throws FlagException {
    Matcher m = DURATION.matcher(value);
    if (!m.matches()) {
      throw new FlagException(flag, "expected a duration such as 500ms, 5s, 10m or 2h, got '" + value + "'");
    }
    long amount = Long.parseLong(m.group(1));
    return switch (m.group(2)) {
      case "ms" -> Duration.ofMillis(amount);
      case "s" -> Duration.ofSeconds(amount);
      case "m" -> Duration.ofMinutes(amount);
      default -> Duration.ofHours(amount);
    };
  }

  static Duration positiveDuration(String flag, String value) throws FlagException {
    Duration duration = duration(flag, value);
    if (duration.isZero()) {
      throw new FlagException(flag, "must be longer than zero, got '" + value + "'");
    }
    return duration;
  }

  static boolean bool(String flag, String value) throws FlagException {
    if (value.equals("true") || value.equals("false")) {
      return Boolean.parseBoolean(value);
    }
    throw new FlagException(flag, "expected true or false, got '" + value + "'");
  }

  /** 0 to 65535; 0 picks a free port. */
  static int port(String flag, String value) throws FlagException {
    int port = integer(flag, value);
    if (port > 65535) {
      throw new FlagException(flag, "expected a port from 0 to 65535, got '" + value + "'");
    }
    return port;
  }

  /** {@code CALLS/WINDOW/WINDOWS}, such as FedEx's {@code 3/1s/5}, or {@code off}. */
  static Optional<BurstRule> burst(String flag, String value) throws FlagException {
    if (value.equals("off")) {
      return Optional.empty();
    }
    String[] parts = value.split("/", -1);
    if (parts.length != 3) {
      throw new FlagException(flag, "expected CALLS/WINDOW/WINDOWS such as 3/1s/5, or off, got '" + value + "'");
    }
    return Optional.of(
        new BurstRule(positive(flag, parts[0]), positiveDuration(flag, parts[1]), positive(flag, parts[2])));
  }

  /** {@code CALLS/WINDOW}, such as FedEx's {@code 120/120s}, or {@code off}. */
  static Optional<AverageRule> average(String flag, String value) throws FlagException {
    return callsPerWindow(flag, value, "120/120s").map(calls -> new AverageRule(calls.calls(), calls.window()));
  }

  /** {@code CALLS/WINDOW}, such as FedEx's {@code 1400/10s}, or {@code off}. */
  static Optional<ApiRate> apiRate(String flag, String value) throws FlagException {
    return callsPerWindow(flag, value, "1400/10s").map(calls -> new ApiRate(calls.calls(), calls.window()));
  }

  /** A count above zero, or {@code off}. */
  static OptionalInt countOrOff(String flag, String value) throws FlagException {
    return value.equals("off") ? OptionalInt.empty() : OptionalInt.of(positive(flag, value));
  }

  /** Whole seconds, as {@code Retry-After} carries them ({@code 3s}, {@code 1m}), or {@code off}. */
  static Optional<Duration> retryAfter(String flag, String value) throws FlagException {
    if (value.equals("off")) {
      return Optional.empty();
    }
    Duration duration = positiveDuration(flag, value);
    if (duration.toMillis() % 1000 != 0) {
      throw new FlagException(flag, "Retry-After is whole seconds, got '" + value + "'");
    }
    return Optional.of(duration);
  }

  private record CallsPerWindow(int calls, Duration window) {}

  private static Optional<CallsPerWindow> callsPerWindow(String flag, String value, String example)
      throws FlagException {
    if (value.equals("off")) {
      return Optional.empty();
    }
    String[] parts = value.split("/", -1);
    if (parts.length != 2) {
      throw new FlagException(flag, "expected CALLS/WINDOW such as " + example + ", or off, got '" + value + "'");
    }
    return Optional.of(new CallsPerWindow(positive(flag, parts[0]), positiveDuration(flag, parts[1])));
  }

  /** {@code ID:SECRET}; the secret may itself contain colons. */
  static ClientCredentials client(String flag, String value) throws FlagException {
    int colon = value.indexOf(':');
    if (colon <= 0 || colon == value.length() - 1) {
      throw new FlagException(flag, "expected CLIENT_ID:SECRET, got '" + value + "'");
    }
    return new ClientCredentials(value.substring(0, colon), value.substring(colon + 1));
  }

  private static int positive(String flag, String value) throws FlagException {
    int number = integer(flag, value);
    if (number == 0) {
      throw new FlagException(flag, "expected a count above zero, got '" + value + "'");
    }
    return number;
  }

  private static int integer(String flag, String value) throws FlagException {
    if (!value.matches("\\d{1,9}")) {
      throw new FlagException(flag, "expected a whole number, got '" + value + "'");
    }
    return Integer.parseInt(value);
  }
}
