package dev.tokenguard.core.http;

import java.net.URI;

/**
 * The one place that knows which port a URL without one goes to: 443 for {@code https}, 80 for
 * anything else (the clients tokenguard hooks speak only HTTP and HTTPS). Configuration, the carrier
 * directory, the credential key and every adapter ask here, so that they never disagree on whether
 * {@code https://host} and {@code https://host:443} are one origin.
 */
public final class DefaultPorts {
    /** The port of HTTPS, where the carriers serve their APIs; a bare {@code api-hosts} entry means it. */
    public static final int HTTPS = 443;
    private static final int HTTP = 80;

    private DefaultPorts() {}

    /** The port a request goes to: {@code port} itself, or the scheme's default where it is -1 (none). */
    public static int effective(String scheme, int port) {
        return port >= 0 ? port : "https".equalsIgnoreCase(scheme) ? HTTPS : HTTP;
    }

    public static int effective(URI uri) {
        return effective(uri.getScheme(), uri.getPort());
    }

    /** Whether a URL may leave its port out: none given, or the scheme's default given. */
    public static boolean isDefault(String scheme, int port) {
        return port < 0 || port == effective(scheme, -1);
    }
}
