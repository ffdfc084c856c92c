package dev.tokenguard.core.transport;

import dev.tokenguard.core.http.DefaultPorts;
import dev.tokenguard.core.http.HttpHeaders;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Proxy;
import java.net.ProxySelector;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.SSLSocketFactory;

/**
 * The default {@link TokenTransport}: one HTTP/1.1 exchange on a connection of its own, plain or TLS
 * with the default {@code SSLContext} (so {@code -Djavax.net.ssl.trustStore} and friends apply) and
 * the host name checked; through the HTTP proxy the default {@link ProxySelector} names, if any; no
 * redirects followed, no retries. The whole call, connection included, must end within its timeout.
 *
 * <p>Why not a JDK client: {@code java.net.http} loads some 800 classes on the first call and builds
 * the default {@code SSLContext} even for plain http (half a second and more on a small machine), and
 * {@code HttpURLConnection} silently sends a failed POST a second time unless it streams the body, in
 * which case it turns a 401 into an exception and drops the carrier's answer. Token calls are rare and
 * simple: a POST of a form, a small JSON answer.
 */
public final class SocketTokenTransport implements TokenTransport {
    /** Token answers are a few hundred bytes; more than this is cut (and so fails to parse). */
    static final int MAX_BODY_BYTES = 1 << 20;
    /** Fields this transport writes itself, or that describe a connection it does not have. */
    private static final Set<String> RESTRICTED = Set.of("connection", "content-length", "expect", "host", "upgrade",
            "transfer-encoding", "te", "trailer", "keep-alive", "proxy-connection");
    /**
     * What {@code java.net.http} sent, this transport's predecessor, where the request has none: some
     * carriers' front ends refuse requests without one.
     */
    private static final String USER_AGENT = "Java-http-client/" + System.getProperty("java.version");

    private final Duration connectTimeout;

    public SocketTokenTransport(Duration connectTimeout) {
        this.connectTimeout = connectTimeout;
    }

    @Override
    public Response post(URI url, HttpHeaders headers, byte[] body, Duration timeout) throws IOException {
        return post(url, headers, body, timeout, () -> { });
    }

    /** {@code departing} runs once connected (TLS handshake done), before the request is written. */
    @Override
    public Response post(URI url, HttpHeaders headers, byte[] body, Duration timeout, Runnable departing)
            throws IOException {
        String scheme = url.getScheme() == null ? "" : url.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https") || url.getHost() == null) {
            throw new IllegalArgumentException("not an http or https URL: " + url.getScheme() + "://" + url.getHost());
        }
        Deadline deadline = new Deadline(timeout);
        InetSocketAddress proxy = httpProxy(url);
        byte[] head = head(url, headers, body.length, proxy != null && scheme.equals("http"));
        try (Socket socket = connect(url, scheme.equals("https"), proxy, deadline)) {
            departing.run();
            OutputStream out = socket.getOutputStream();
            // Written whole into the socket's send buffer: a few hundred bytes never wait for the peer.
            out.write(head);
            out.write(body);
            out.flush();
            return HttpResponseReader.read(new BufferedInputStream(new Deadline.Input(socket, deadline)), MAX_BODY_BYTES);
        }
    }

    /** The HTTP proxy the default selector gives for {@code url}, or null; like java.net.http, SOCKS goes direct. */
    private static InetSocketAddress httpProxy(URI url) {
        ProxySelector selector = ProxySelector.getDefault();
        if (selector == null) {
            return null;
        }
        List<Proxy> proxies = selector.select(url);
        if (proxies.isEmpty() || proxies.get(0).type() != Proxy.Type.HTTP) {
            return null;
        }
        return (InetSocketAddress) proxies.get(0).address();
    }

    private Socket connect(URI url, boolean tls, InetSocketAddress proxy, Deadline deadline) throws IOException {
        // URI keeps an IPv6 literal's brackets; the socket, TLS's name check and CONNECT's authority want them off.
        String host = url.getHost().startsWith("[") ? url.getHost().substring(1, url.getHost().length() - 1) : url.getHost();
        int port = DefaultPorts.effective(url);
        Socket socket = new Socket();
        try {
            // A selector's proxy address is unresolved; resolved here, where its connection is timed.
            InetSocketAddress target = proxy != null ? new InetSocketAddress(proxy.getHostString(), proxy.getPort())
                    : new InetSocketAddress(host, port);
            socket.connect(target, deadline.millisLeft(connectTimeout));
            socket.setTcpNoDelay(true);
            if (proxy != null && tls) {
                tunnel(socket, host, port, deadline);
            }
            return tls ? handshake(socket, host, port, deadline) : socket;
        } catch (IOException | RuntimeException e) {
            socket.close();
            throw e;
        }
    }

    /** Asks the proxy for a tunnel to host:port (RFC 9110 9.3.6). */
    private static void tunnel(Socket socket, String host, int port, Deadline deadline) throws IOException {
        String authority = (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + port;
        OutputStream out = socket.getOutputStream();
        out.write(("CONNECT " + authority + " HTTP/1.1\r\nHost: " + authority + "\r\nUser-Agent: " + USER_AGENT
                + "\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
        out.flush();
        // Unbuffered: the bytes after the proxy's answer are the TLS handshake's.
        int status = HttpResponseReader.readHead(new Deadline.Input(socket, deadline));
        if (status / 100 != 2) {
            throw new IOException("the proxy refused a tunnel to " + authority + ": status " + status);
        }
    }

    private static Socket handshake(Socket socket, String host, int port, Deadline deadline) throws IOException {
        SSLSocket tls = (SSLSocket) ((SSLSocketFactory) SSLSocketFactory.getDefault())
                .createSocket(socket, host, port, true);
        SSLParameters parameters = tls.getSSLParameters();
        parameters.setEndpointIdentificationAlgorithm("HTTPS");
        tls.setSSLParameters(parameters);
        tls.setSoTimeout(deadline.millisLeft(null));
        tls.startHandshake();
        return tls;
    }

    private static byte[] head(URI url, HttpHeaders headers, int contentLength, boolean absoluteForm) {
        String path = url.getRawPath() == null || url.getRawPath().isEmpty() ? "/" : url.getRawPath();
        String target = url.getRawQuery() == null ? path : path + "?" + url.getRawQuery();
        String authority = url.getPort() < 0 || DefaultPorts.isDefault(url.getScheme().toLowerCase(Locale.ROOT), url.getPort())
                ? url.getHost() : url.getHost() + ":" + url.getPort();
        StringBuilder head = new StringBuilder()
                .append("POST ").append(absoluteForm ? "http://" + authority + target : target).append(" HTTP/1.1\r\n")
                .append("Host: ").append(authority).append("\r\n")
                .append("Content-Length: ").append(contentLength).append("\r\n")
                .append("Connection: close\r\n");
        if (!headers.contains("user-agent")) {
            head.append("User-Agent: ").append(USER_AGENT).append("\r\n");
        }
        headers.toMap().forEach((name, values) -> {
            if (!RESTRICTED.contains(name.toLowerCase(Locale.ROOT))) {
                values.forEach(value -> head.append(field(name, value)));
            }
        });
        return head.append("\r\n").toString().getBytes(StandardCharsets.ISO_8859_1);
    }

    /**
     * "name: value" and its line end. A line break or NUL in either would let a value write fields or
     * a request of its own: refused, as the JDK's clients refuse it; the message names the field only.
     */
    private static String field(String name, String value) {
        if (name.isEmpty() || !printable(name, false) || !printable(value, true)) {
            throw new IllegalArgumentException("header field " + (printable(name, false) ? name : "(unprintable name)")
                    + " holds a character a header cannot");
        }
        return name + ": " + value + "\r\n";
    }

    private static boolean printable(String text, boolean value) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '\r' || c == '\n' || c == 0 || c > 0xff || (!value && (c <= ' ' || c == ':'))) {
                return false;
            }
        }
        return true;
    }
}
