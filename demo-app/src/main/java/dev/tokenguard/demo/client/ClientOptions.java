package dev.tokenguard.demo.client;

import dev.tokenguard.demo.client.http.ClientLibrary;
import java.net.URI;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The naive client's command line.
 *
 * @param timeout connect and read timeout of every request
 */
public record ClientOptions(
        String baseUrl,
        CarrierApi carrier,
        ClientLibrary client,
        int users,
        Duration duration,
        Duration think,
        Duration timeout,
        Credentials credentials,
        String label) {

    static final String USAGE = """
            usage: NaiveShippingClient --base-url http://127.0.0.1:PORT [options]
              --carrier %s      carrier rules to follow (default fedex)
              --client %s
                                      HTTP client library (default urlconnection)
              --users N               concurrent users (default 50)
              --seconds S             how long each user keeps calling (default 20; 1500ms also works)
              --think 100ms           pause after each call (default 100ms; ms, s or m)
              --timeout 10s           connect and read timeout (default 10s)
              --client-id ID          default: the simulator's demo credentials for the carrier
              --client-secret SECRET
              --merchant-id ID        UPS x-merchant-id (fedex: none)
              --label TEXT            shown in the table header"""
            .formatted(CarrierApi.flagNames(), ClientLibrary.flagNames());

    private static final Set<String> FLAGS = Set.of("--base-url", "--carrier", "--client", "--users", "--seconds",
            "--think", "--timeout", "--client-id", "--client-secret", "--merchant-id", "--label");

    private static final Pattern DURATION = Pattern.compile("(\\d{1,9})(ms|s|m)?");

    /** Parses {@code --flag value} and {@code --flag=value}; a flag given twice keeps the last. */
    public static ClientOptions parse(String... args) throws UsageException {
        Map<String, String> given = new HashMap<>();
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            String flag = arg;
            String value;
            int equals = arg.indexOf('=');
            if (arg.startsWith("--") && equals > 0) {
                flag = arg.substring(0, equals);
                value = arg.substring(equals + 1);
            } else if (i + 1 < args.length) {
                value = args[++i];
            } else {
                value = null;
            }
            if (!FLAGS.contains(flag)) {
                throw new UsageException("unknown flag " + flag + " (try --help)");
            }
            if (value == null) {
                throw new UsageException(flag + " needs a value");
            }
            given.put(flag, value);
        }

        String baseUrl = baseUrl(given.get("--base-url"));
        CarrierApi carrier = CarrierApi.byFlagName(given.getOrDefault("--carrier", "fedex")).orElseThrow(() ->
                new UsageException("--carrier must be one of " + CarrierApi.flagNames() + ", got '" + given.get("--carrier") + "'"));
        ClientLibrary client = ClientLibrary.byFlagName(given.getOrDefault("--client", "urlconnection")).orElseThrow(() ->
                new UsageException("--client must be one of " + ClientLibrary.flagNames() + ", got '" + given.get("--client") + "'"));
        int users = positiveInt("--users", given.getOrDefault("--users", "50"));
        Duration duration = duration("--seconds", given.getOrDefault("--seconds", "20"), Duration.ofSeconds(1));
        Duration think = duration("--think", given.getOrDefault("--think", "100ms"), Duration.ofMillis(1));
        Duration timeout = duration("--timeout", given.getOrDefault("--timeout", "10s"), Duration.ofMillis(1));
        if (duration.isZero()) {
            throw new UsageException("--seconds must be more than zero");
        }
        if (timeout.isZero()) {
            throw new UsageException("--timeout must be more than zero");
        }
        Credentials demo = carrier.demoCredentials();
        Credentials credentials = new Credentials(
                given.getOrDefault("--client-id", demo.clientId()),
                given.getOrDefault("--client-secret", demo.clientSecret()),
                given.getOrDefault("--merchant-id", demo.merchantId()));
        String label = given.getOrDefault("--label", "naive shipping client");
        return new ClientOptions(baseUrl, carrier, client, users, duration, think, timeout, credentials, label);
    }

    private static String baseUrl(String value) throws UsageException {
        if (value == null) {
            throw new UsageException("--base-url is required, e.g. --base-url http://127.0.0.1:8080");
        }
        String trimmed = value.endsWith("/") ? value.substring(0, value.length() - 1) : value;
        try {
            URI uri = URI.create(trimmed);
            if (!("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())) || uri.getHost() == null) {
                throw new IllegalArgumentException();
            }
        } catch (IllegalArgumentException e) {
            throw new UsageException("--base-url must be an http(s) URL like http://127.0.0.1:8080, got '" + value + "'");
        }
        return trimmed;
    }

    private static int positiveInt(String flag, String value) throws UsageException {
        try {
            int n = Integer.parseInt(value);
            if (n > 0) {
                return n;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new UsageException(flag + " must be a positive whole number, got '" + value + "'");
    }

    /** A whole number with an optional unit (ms, s, m); without one, {@code bareUnit}. */
    private static Duration duration(String flag, String value, Duration bareUnit) throws UsageException {
        Matcher m = DURATION.matcher(value.trim());
        if (!m.matches()) {
            throw new UsageException(flag + " must be a duration like 100ms, 5s or 2m, got '" + value + "'");
        }
        long amount = Long.parseLong(m.group(1));
        String unit = m.group(2);
        if (unit == null) {
            return bareUnit.multipliedBy(amount);
        }
        return switch (unit) {
            case "ms" -> Duration.ofMillis(amount);
            case "s" -> Duration.ofSeconds(amount);
            default -> Duration.ofMinutes(amount);
        };
    }
}
