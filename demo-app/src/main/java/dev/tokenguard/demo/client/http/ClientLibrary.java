package dev.tokenguard.demo.client.http;

import java.time.Duration;
import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Collectors;

/** The HTTP client libraries the demo can drive, by the name the {@code --client} flag takes. */
public enum ClientLibrary {
    URLCONNECTION("urlconnection"),
    OKHTTP("okhttp"),
    APACHE5("apache5"),
    APACHE5_ASYNC("apache5-async"),
    APACHE4("apache4"),
    JDK("jdk");

    private final String flagName;

    ClientLibrary(String flagName) {
        this.flagName = flagName;
    }

    public String flagName() {
        return flagName;
    }

    /**
     * @param maxConnections pool size: one connection per concurrent user, so that no user waits
     *                       for a pooled connection (Apache's default is 5 per route)
     * @param timeout        connect and read timeout
     */
    public HttpTransport create(int maxConnections, Duration timeout) {
        return switch (this) {
            case URLCONNECTION -> new UrlConnectionTransport(timeout);
            case OKHTTP -> new OkHttpTransport(maxConnections, timeout);
            case APACHE5 -> new Apache5ClassicTransport(maxConnections, timeout);
            case APACHE5_ASYNC -> new Apache5AsyncTransport(maxConnections, timeout);
            case APACHE4 -> new Apache4Transport(maxConnections, timeout);
            case JDK -> new JdkHttpClientTransport(timeout);
        };
    }

    public static Optional<ClientLibrary> byFlagName(String name) {
        String wanted = name.toLowerCase(Locale.ROOT);
        return Arrays.stream(values()).filter(c -> c.flagName.equals(wanted)).findFirst();
    }

    public static String flagNames() {
        return Arrays.stream(values()).map(ClientLibrary::flagName).collect(Collectors.joining("|"));
    }
}
