package dev.tokenguard.core.config;

import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Reads {@code tokenguard.store}: {@code local}, {@code redis://[user:password@]host:port[/db]}
 * ({@code rediss://} for TLS), or
 * {@code redis-sentinel://[user:password@]host:port[,host:port...]/master[/db]} ({@code rediss-sentinel://}
 * for TLS). Ports are required: a Redis that answers on another port than the one meant would share
 * state with strangers. User information without a colon is a password, as {@code redis-cli -u}
 * reads it; both parts may be percent-encoded.
 *
 * <p>A store URL may hold a password, so no message quotes the value or any part of it.
 */
final class StoreUrls {
    private static final String FORM = "write local, redis://host:port[/db], rediss://host:port[/db] or "
            + "redis-sentinel://host:port[,host:port...]/master[/db]";
    private static final String SENTINEL_FORM = "as in redis-sentinel://host1:26379,host2:26379/mymaster";
    /** What {@code SENTINEL MONITOR} takes in practice; nothing that needs encoding in a URL. */
    private static final Pattern MASTER_NAME = Pattern.compile("[A-Za-z0-9._-]+");

    private StoreUrls() {}

    /** @throws IllegalArgumentException saying what is wrong, without quoting the value */
    static StoreLocation parse(String value) {
        if (value.equalsIgnoreCase("local")) {
            return StoreLocation.LOCAL;
        }
        int colon = value.indexOf("://");
        String scheme = colon < 0 ? "" : value.substring(0, colon).toLowerCase(Locale.ROOT);
        return switch (scheme) {
            case "redis", "rediss" -> server(value, scheme);
            case "redis-sentinel", "rediss-sentinel" -> sentinel(value.substring(colon + 3), scheme);
            case "redis-cluster", "rediss-cluster" -> throw new IllegalArgumentException("Redis Cluster is not "
                    + "supported (the token store's scripts update several keys at once, which a cluster would have "
                    + "to keep in one slot); use a standalone Redis or Sentinel");
            default -> throw new IllegalArgumentException(
                    (colon < 0 ? "unknown store" : "unknown store scheme " + scheme + "://") + "; " + FORM);
        };
    }

    private static StoreLocation.Redis server(String value, String scheme) {
        URI uri;
        try {
            uri = new URI(value);
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("the Redis URL is malformed (at index " + e.getIndex() + "); " + FORM);
        }
        if (uri.getHost() == null) {
            throw new IllegalArgumentException("the Redis URL has no host (or a malformed one); " + FORM);
        }
        if (uri.getPort() == -1) {
            throw new IllegalArgumentException("the Redis URL has no port; write it out, as in " + scheme + "://"
                    + "host:6379");
        }
        if (uri.getRawQuery() != null || uri.getRawFragment() != null) {
            throw new IllegalArgumentException("the Redis URL takes no query or fragment; " + FORM);
        }
        String[] userAndPassword = userInfo(uri.getRawUserInfo());
        return new StoreLocation.Redis(scheme.equals("rediss"), unbracketed(uri.getHost()), uri.getPort(),
                userAndPassword[0], userAndPassword[1], database(uri.getRawPath(), "port", "redis://host:6379/0"));
    }

    /**
     * {@link URI} takes one host only, so the Sentinel form is read by hand: user information up to the
     * last {@code @} before the path, then the comma-separated Sentinels, then the master's name.
     */
    private static StoreLocation.RedisSentinel sentinel(String rest, String scheme) {
        if (rest.indexOf('?') >= 0 || rest.indexOf('#') >= 0) {
            throw new IllegalArgumentException("the Redis Sentinel URL takes no query or fragment; " + SENTINEL_FORM);
        }
        int slash = rest.indexOf('/');
        if (slash < 0) {
            throw new IllegalArgumentException("the Redis Sentinel URL names no master after the Sentinels; "
                    + SENTINEL_FORM);
        }
        String authority = rest.substring(0, slash);
        String path = rest.substring(slash + 1);
        int at = authority.lastIndexOf('@');
        String[] userAndPassword = userInfo(at < 0 ? null : authority.substring(0, at));
        List<StoreLocation.Address> sentinels = new ArrayList<>();
        for (String hostAndPort : authority.substring(at + 1).split(",", -1)) {
            sentinels.add(address(hostAndPort.trim(), sentinels.size() + 1));
        }
        int next = path.indexOf('/');
        String master = next < 0 ? path : path.substring(0, next);
        if (!MASTER_NAME.matcher(master).matches()) {
            throw new IllegalArgumentException("the Redis Sentinel URL needs the master's name (letters, digits, "
                    + "'.', '_', '-') after the Sentinels; " + SENTINEL_FORM);
        }
        int database = database(next < 0 ? null : path.substring(next), "master's name",
                "redis-sentinel://host:26379/mymaster/0");
        return new StoreLocation.RedisSentinel(scheme.startsWith("rediss"), sentinels, master, userAndPassword[0],
                userAndPassword[1], database, null, null);
    }

    /** @param position the Sentinel's place in the list, from 1, for messages */
    private static StoreLocation.Address address(String hostAndPort, int position) {
        String where = "Sentinel " + position + " of the Redis Sentinel URL";
        int colon = hostAndPort.lastIndexOf(':');
        if (hostAndPort.isEmpty() || colon <= 0 || hostAndPort.endsWith("]")) {
            throw new IllegalArgumentException(where + " needs host:port; " + SENTINEL_FORM);
        }
        String host = unbracketed(hostAndPort.substring(0, colon));
        String port = hostAndPort.substring(colon + 1);
        if (!port.matches("\\d{1,5}") || Integer.parseInt(port) == 0 || Integer.parseInt(port) > 65535) {
            throw new IllegalArgumentException(where + " has no valid port (1 to 65535); " + SENTINEL_FORM);
        }
        if (host.isEmpty() || host.indexOf('[') >= 0 || host.indexOf(']') >= 0 || host.indexOf('/') >= 0
                || (host.indexOf(':') >= 0 && !hostAndPort.startsWith("["))) {
            throw new IllegalArgumentException(where + " has a malformed host (an IPv6 address goes in brackets); "
                    + SENTINEL_FORM);
        }
        return new StoreLocation.Address(host, Integer.parseInt(port));
    }

    private static String unbracketed(String host) {
        return host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
    }

    /** @param path {@code /db} or nothing; {@code after} names what precedes it, for messages */
    private static int database(String path, String after, String example) {
        if (path == null || path.isEmpty() || path.equals("/")) {
            return 0;
        }
        String digits = path.substring(1);
        if (!digits.matches("\\d{1,9}")) {
            throw new IllegalArgumentException("the Redis database after the " + after + " must be a whole number from 0, as in "
                    + example);
        }
        return Integer.parseInt(digits);
    }

    /** {@code [user, password]}, each null where absent. */
    private static String[] userInfo(String raw) {
        if (raw == null) {
            return new String[] {null, null};
        }
        int colon = raw.indexOf(':');
        String user = colon < 0 ? null : decode(raw.substring(0, colon));
        String password = decode(colon < 0 ? raw : raw.substring(colon + 1));
        return new String[] {user == null || user.isEmpty() ? null : user, password.isEmpty() ? null : password};
    }

    private static String decode(String part) {
        try {
            return URLDecoder.decode(part.replace("+", "%2B"), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("the user information of the Redis URL holds a malformed %-escape");
        }
    }
}
