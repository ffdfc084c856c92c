package dev.tokenguard.core.config;

import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * Reads {@code tokenguard.store}: {@code local}, or {@code redis://[user:password@]host:port[/db]}
 * ({@code rediss://} for TLS). The port is required: a Redis that answers on another port than the
 * one meant would share state with strangers. User information without a colon is a password, as
 * {@code redis-cli -u} reads it; both parts may be percent-encoded.
 *
 * <p>A store URL may hold a password, so no message quotes the value or any part of it.
 */
final class StoreUrls {
    private static final String FORM = "write local, redis://host:port[/db] or rediss://host:port[/db]";

    private StoreUrls() {}

    /** @throws IllegalArgumentException saying what is wrong, without quoting the value */
    static StoreLocation parse(String value) {
        if (value.equalsIgnoreCase("local")) {
            return StoreLocation.LOCAL;
        }
        int colon = value.indexOf("://");
        String scheme = colon < 0 ? "" : value.substring(0, colon).toLowerCase(Locale.ROOT);
        if (!scheme.equals("redis") && !scheme.equals("rediss")) {
            throw new IllegalArgumentException((colon < 0 ? "unknown store" : "unknown store scheme " + scheme + "://")
                    + "; " + FORM);
        }
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
        String host = uri.getHost();
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        }
        String[] userAndPassword = userInfo(uri.getRawUserInfo());
        return new StoreLocation.Redis(scheme.equals("rediss"), host, uri.getPort(), userAndPassword[0],
                userAndPassword[1], database(uri.getRawPath()));
    }

    private static int database(String path) {
        if (path == null || path.isEmpty() || path.equals("/")) {
            return 0;
        }
        String digits = path.substring(1);
        if (!digits.matches("\\d{1,9}")) {
            throw new IllegalArgumentException("the Redis database after the port must be a whole number from 0, "
                    + "as in redis://host:6379/0");
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
