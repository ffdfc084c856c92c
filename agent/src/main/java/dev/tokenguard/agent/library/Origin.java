package dev.tokenguard.agent.library;

import dev.tokenguard.core.http.DefaultPorts;
import java.net.URI;
import java.net.URL;
import java.util.Locale;

/**
 * Where a request goes: scheme, host and port, with the scheme's default port filled in and case
 * ignored. When a client follows a redirect to another origin, the header fields that carry
 * credentials stay behind: those were set for the origin the request was first sent to.
 *
 * @param host null where the address has none
 */
public record Origin(String scheme, String host, int port) {

    public Origin {
        scheme = scheme == null ? null : scheme.toLowerCase(Locale.ROOT);
        host = host == null ? null : host.toLowerCase(Locale.ROOT);
    }

    public static Origin of(URI uri) {
        return of(uri.getScheme(), uri.getHost(), uri.getPort());
    }

    public static Origin of(URL url) {
        return of(url.getProtocol(), url.getHost(), url.getPort());
    }

    /** @param port -1 where the address gives none */
    private static Origin of(String scheme, String host, int port) {
        return new Origin(scheme, host, DefaultPorts.effective(scheme, port));
    }
}
