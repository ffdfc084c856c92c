package dev.tokenguard.core.config;

import dev.tokenguard.core.http.DefaultPorts;
import java.util.Locale;

/**
 * One {@code api-hosts} entry as the requests it matches: a host and one port. A bare host means the
 * HTTPS port only: a bearer never travels over plain HTTP to a host not named with its port.
 *
 * @param host lower-case; an IPv6 address keeps its brackets, as {@link java.net.URI#getHost()} gives it
 */
public record ApiHost(String host, int port) {

    /** Reads a {@code host} or {@code host:port} entry of {@link CarrierConfig#apiHosts()}. */
    public static ApiHost of(String entry) {
        String lower = entry.toLowerCase(Locale.ROOT);
        int colon = lower.lastIndexOf(':');
        boolean hasPort = colon > 0 && colon > lower.lastIndexOf(']');
        return hasPort ? new ApiHost(lower.substring(0, colon), Integer.parseInt(lower.substring(colon + 1)))
                : new ApiHost(lower, DefaultPorts.HTTPS);
    }

    @Override
    public String toString() {
        return host + ":" + port;
    }
}
