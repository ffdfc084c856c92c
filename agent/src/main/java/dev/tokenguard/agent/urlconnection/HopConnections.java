package dev.tokenguard.agent.urlconnection;

import dev.tokenguard.bootstrap.Bridge;
import dev.tokenguard.core.http.HttpHeaders;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Authenticator;
import java.net.HttpURLConnection;
import java.net.ProtocolException;
import java.net.Proxy;
import java.net.URL;
import java.util.List;
import java.util.function.Consumer;
import javax.net.ssl.HttpsURLConnection;

/**
 * Opens the fresh JDK connection each hop of a {@link CarrierCall} goes out on, set up from what the
 * application set on the template (which itself never connects).
 */
final class HopConnections {

    private final HttpURLConnection template;
    private final Proxy proxy;
    private final Authenticator authenticator;
    private final Consumer<HttpURLConnection> streamingMode;

    /**
     * @param proxy         the proxy the application asked for, or null
     * @param authenticator the application's, or null
     * @param streamingMode the application's, or null
     */
    HopConnections(HttpURLConnection template, Proxy proxy, Authenticator authenticator,
            Consumer<HttpURLConnection> streamingMode) {
        this.template = template;
        this.proxy = proxy;
        this.authenticator = authenticator;
        this.streamingMode = streamingMode;
    }

    /**
     * A connection for {@code request} with these fields set over the application's, made inside the
     * bridge mark so that it is not guarded a second time.
     */
    HttpURLConnection open(HopRequest request, HttpHeaders setHeaders, boolean followRedirects) throws IOException {
        boolean entered = Bridge.enter();
        HttpURLConnection real;
        try {
            URL url = request.url();
            real = (HttpURLConnection) (proxy == null ? url.openConnection() : url.openConnection(proxy));
        } finally {
            Bridge.exit(entered);
        }
        configure(real, request, setHeaders, followRedirects);
        return real;
    }

    private void configure(HttpURLConnection real, HopRequest request, HttpHeaders setHeaders, boolean followRedirects)
            throws ProtocolException {
        real.setRequestMethod(request.method());
        real.setConnectTimeout(template.getConnectTimeout());
        real.setReadTimeout(template.getReadTimeout());
        real.setDoInput(template.getDoInput());
        real.setAllowUserInteraction(template.getAllowUserInteraction());
        real.setUseCaches(template.getUseCaches());
        real.setIfModifiedSince(template.getIfModifiedSince());
        real.setInstanceFollowRedirects(followRedirects);
        if (authenticator != null) {
            real.setAuthenticator(authenticator);
        }
        if (template instanceof HttpsURLConnection from && real instanceof HttpsURLConnection to) {
            to.setSSLSocketFactory(from.getSSLSocketFactory());
            to.setHostnameVerifier(from.getHostnameVerifier());
        }
        setAll(real, request.headers());
        setAll(real, setHeaders);
    }

    /** The streaming mode the application chose, for a body sent as the application writes it. */
    void applyStreamingMode(HttpURLConnection real) {
        if (streamingMode != null) {
            streamingMode.accept(real);
        }
    }

    boolean followsRedirects() {
        return template.getInstanceFollowRedirects();
    }

    boolean doInput() {
        return template.getDoInput();
    }

    /** Sets each field, replacing what the connection has under that name (case-insensitively). */
    private static void setAll(HttpURLConnection real, HttpHeaders headers) {
        for (String name : headers.names()) {
            List<String> values = headers.all(name);
            real.setRequestProperty(name, values.get(0));
            for (int i = 1; i < values.size(); i++) {
                real.addRequestProperty(name, values.get(i));
            }
        }
    }

    /** Writes a body held in memory, if there is one. */
    static void write(HttpURLConnection real, byte[] body) throws IOException {
        if (body == null) {
            return;
        }
        real.setDoOutput(true);
        try (OutputStream out = real.getOutputStream()) {
            out.write(body);
        }
    }
}
