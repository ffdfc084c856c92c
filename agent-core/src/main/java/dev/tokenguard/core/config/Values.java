package dev.tokenguard.core.config;

import dev.tokenguard.core.http.DefaultPorts;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads the values of non-secret keys. Each method throws {@link IllegalArgumentException} with a
 * message that quotes the value and says what was expected; {@link ConfigParser} adds key and line.
 */
final class Values {

    /** A host name or IPv4 address, or a bracketed IPv6 address, with an optional port. */
    private static final Pattern HOST = Pattern.compile("([a-z0-9.-]+|\\[[0-9a-f:.]+])(?::(\\d{1,5}))?");
    /** A host name, an IPv4 address or an IPv6 address without brackets. */
    private static final Pattern BIND_ADDRESS = Pattern.compile("[A-Za-z0-9.-]+|[0-9A-Fa-f:.]*:[0-9A-Fa-f:.]*");
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9._:-]+");
    private static final Pattern RATE_BAND = Pattern.compile("(\\d+)\\s*/\\s*(\\S+)");

    private Values() {
    }

    /** One of an enum's constants, written in any case: {@code form}, {@code FORM}. */
    static <E extends Enum<E>> E choice(String value, Class<E> type) {
        // A loop, not a stream: premain parses the configuration, and a stream loads some twenty classes.
        E[] constants = type.getEnumConstants();
        List<String> names = new ArrayList<>(constants.length);
        for (E constant : constants) {
            names.add(constant.name().toLowerCase(Locale.ROOT));
        }
        int index = names.indexOf(value.toLowerCase(Locale.ROOT));
        if (index < 0) {
            throw new IllegalArgumentException(quote(value) + " is not one of " + String.join(", ", names)
                    + Suggestions.didYouMean(value, names));
        }
        return constants[index];
    }

    /** One of the given words, in any case, returned in lower case. */
    static String word(String value, List<String> allowed) {
        String lower = value.toLowerCase(Locale.ROOT);
        if (!allowed.contains(lower)) {
            throw new IllegalArgumentException(quote(value) + " is not one of " + String.join(", ", allowed)
                    + Suggestions.didYouMean(value, allowed));
        }
        return lower;
    }

    static boolean onOff(String value) {
        return word(value, List.of("off", "on")).equals("on");
    }

    static boolean trueFalse(String value) {
        return word(value, List.of("false", "true")).equals("true");
    }

    /** An HTTP status code, 100 to 599. */
    static int status(String value) {
        int status = integer(value);
        if (status < 100 || status > 599) {
            throw new IllegalArgumentException(quote(value) + " is not an HTTP status (100 to 599)");
        }
        return status;
    }

    static int atLeastOne(String value) {
        int number = integer(value);
        if (number < 1) {
            throw new IllegalArgumentException(quote(value) + " is less than 1");
        }
        return number;
    }

    /** A TCP port to listen on, or 0 for none. */
    static int portOrZero(String value) {
        int port = integer(value);
        if (port != 0 && !isPort(value)) {
            throw new IllegalArgumentException(quote(value) + " is not a port (1 to 65535, or 0 for none)");
        }
        return port;
    }

    /** An address to listen on: a host name, an IPv4 address, or an IPv6 address without brackets. */
    static String bindAddress(String value) {
        if (!BIND_ADDRESS.matcher(value).matches()) {
            throw new IllegalArgumentException(quote(value) + " is not a host name or IP address (such as 127.0.0.1 or ::1)");
        }
        return value;
    }

    /** A duration; zero only where {@code zeroAllowed}. */
    static Duration duration(String value, boolean zeroAllowed) {
        Duration duration = Durations.parse(value);
        if (duration.isZero() && !zeroAllowed) {
            throw new IllegalArgumentException(quote(value) + " must be longer than zero");
        }
        return duration;
    }

    /** A positive duration of at most {@code max}. */
    static Duration duration(String value, Duration max) {
        Duration duration = duration(value, false);
        if (duration.compareTo(max) > 0) {
            throw new IllegalArgumentException(quote(value) + " is longer than the most allowed, " + Durations.format(max));
        }
        return duration;
    }

    /** {@code calls/period} bands separated by commas, such as {@code 2/1s,20/2m}; one band per period. */
    static List<RateBand> rate(String value) {
        List<RateBand> bands = new ArrayList<>();
        for (String part : value.split(",", -1)) {
            Matcher m = RATE_BAND.matcher(part.trim());
            if (!m.matches()) {
                throw new IllegalArgumentException(quote(part.trim())
                        + " is not a rate band; write calls/period bands separated by commas, e.g. 2/1s,20/2m");
            }
            long calls;
            try {
                calls = Long.parseLong(m.group(1));
            } catch (NumberFormatException tooLarge) {
                throw new IllegalArgumentException(quote(m.group(1)) + " is too many calls");
            }
            if (calls < 1) {
                throw new IllegalArgumentException(quote(part.trim()) + " allows no calls; a band needs at least 1");
            }
            Duration period;
            try {
                period = duration(m.group(2), false);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("band " + quote(part.trim()) + ": " + e.getMessage());
            }
            for (RateBand band : bands) {
                if (band.period().equals(period)) {
                    throw new IllegalArgumentException("two bands with the period " + Durations.format(period));
                }
            }
            bands.add(new RateBand(calls, period));
        }
        return List.copyOf(bands);
    }

    /** {@code SIZE/period}, such as {@code 10MB/1m}: see {@link ByteSizes} for the size. */
    static PolicyConfig.ByteRate byteRate(String value) {
        int slash = value.indexOf('/');
        if (slash < 0) {
            throw new IllegalArgumentException(quote(value) + " is not a byte rate; write size/period, e.g. 10MB/1m");
        }
        long size = ByteSizes.parse(value.substring(0, slash).trim());
        Duration period;
        try {
            period = duration(value.substring(slash + 1).trim(), false);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("period of " + quote(value) + ": " + e.getMessage());
        }
        return new PolicyConfig.ByteRate(size, period);
    }

    /** Comma-separated {@code host} or {@code host:port} entries, lower-cased, each once. */
    static Set<String> hosts(String value) {
        Set<String> hosts = new LinkedHashSet<>();
        for (String part : value.split(",", -1)) {
            String host = part.trim().toLowerCase(Locale.ROOT);
            if (host.contains("://") || host.contains("/")) {
                throw new IllegalArgumentException(quote(part.trim()) + " is not a host; write the host alone, "
                        + "such as apis.fedex.com, without scheme or path");
            }
            Matcher m = HOST.matcher(host);
            if (!m.matches() || (m.group(2) != null && !isPort(m.group(2)))) {
                throw new IllegalArgumentException(quote(part.trim()) + " is not a host or host:port");
            }
            for (String earlier : hosts) {
                if (overlap(earlier, host)) {
                    throw new IllegalArgumentException(host + " is listed twice" + (earlier.equals(host) ? "" : " (as " + earlier + ")"));
                }
            }
            hosts.add(host);
        }
        return Collections.unmodifiableSet(hosts);
    }

    /**
     * Whether two api-hosts entries match a common request: the same entry, or a bare host and the
     * same host with the HTTPS port (a bare host matches that port only; {@code host:80} is a port of
     * its own, named explicitly for plain HTTP).
     */
    static boolean overlap(String a, String b) {
        String https = ":" + DefaultPorts.HTTPS;
        return a.equals(b) || b.equals(a + https) || a.equals(b + https);
    }

    /** A name such as a quota group or cluster: letters, digits, '.', '_', ':' and '-'. */
    static String name(String value) {
        if (!NAME.matcher(value).matches()) {
            throw new IllegalArgumentException(quote(value) + " is not a name (letters, digits, '.', '_', ':' and '-')");
        }
        return value;
    }

    /** An absolute http or https URL without user information. */
    static URI url(String value) {
        // A URL with an '@' may carry a password: such a URL is not quoted.
        String shown = value.contains("@") ? "the URL" : quote(value);
        URI uri;
        try {
            uri = new URI(value);
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException(shown + " is not a URL: " + e.getReason());
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (uri.getRawUserInfo() != null) {
            throw new IllegalArgumentException("the URL holds user information; give credentials with client-id and client-secret");
        }
        if (!(scheme.equals("https") || scheme.equals("http")) || uri.getHost() == null) {
            throw new IllegalArgumentException(shown + " is not an http or https URL with a host");
        }
        return uri;
    }

    private static int integer(String value) {
        try {
            return Integer.parseInt(value);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(quote(value) + " is not a whole number");
        }
    }

    private static boolean isPort(String digits) {
        int port = Integer.parseInt(digits);
        return port >= 1 && port <= 65535;
    }

    private static String quote(String value) {
        return "\"" + value + "\"";
    }
}
