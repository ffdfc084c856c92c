package dev.tokenguard.agent.urlconnection;

import dev.tokenguard.agent.library.AdapterFailures;
import dev.tokenguard.agent.library.CarrierGuard;
import dev.tokenguard.core.http.RequestGuard;
import java.net.HttpURLConnection;
import java.net.Proxy;
import java.net.URL;
import java.net.URLConnection;
import java.util.Locale;
import javax.net.ssl.HttpsURLConnection;

/** Decides which connection the application gets from the JDK's URL handlers. */
public final class CarrierConnections {

    static final String LIBRARY = "HttpURLConnection";

    private CarrierConnections() {}

    /**
     * The connection itself for any host but a carrier's (one hash lookup), otherwise a guarded
     * connection of the same kind, so that a cast to {@code HttpsURLConnection} keeps working.
     *
     * @param proxy the proxy the application asked for, or null
     */
    public static URLConnection wrap(URLConnection connection, URL url, Proxy proxy) {
        try {
            if (!(connection instanceof HttpURLConnection http) || connection instanceof GuardedConnection) {
                return connection;
            }
            RequestGuard guard = guardFor(url);
            if (guard == null) {
                return connection;
            }
            CarrierCall call = new CarrierCall(guard, http, proxy);
            return http instanceof HttpsURLConnection
                    ? new GuardedHttpsURLConnection(call)
                    : new GuardedHttpURLConnection(call);
        } catch (RuntimeException | LinkageError e) {
            AdapterFailures.report(LIBRARY, e);
            return connection;
        }
    }

    /** The guard if {@code url} is a carrier's, else null. */
    static RequestGuard guardFor(URL url) {
        String host = url.getHost();
        return CarrierGuard.forHost(LIBRARY, url.getProtocol(), host == null ? null : host.toLowerCase(Locale.ROOT),
                url.getPort());
    }
}
