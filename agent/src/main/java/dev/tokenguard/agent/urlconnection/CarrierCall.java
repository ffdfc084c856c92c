package dev.tokenguard.agent.urlconnection;

import dev.tokenguard.agent.library.AdapterFailures;
import dev.tokenguard.core.http.HttpHeaders;
import dev.tokenguard.core.http.RequestGuard;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Authenticator;
import java.net.HttpURLConnection;
import java.net.ProtocolException;
import java.net.Proxy;
import java.net.URL;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import javax.net.ssl.HttpsURLConnection;

/**
 * One application request on a connection to a carrier host, behind a guarded connection.
 *
 * <p>What the application sets goes to the connection the JDK made for it (the <em>template</em>),
 * which validates it exactly as it would have and answers the getters; that connection never
 * connects. Request properties are recorded too, because the JDK does not give
 * {@code Authorization} back. On the first call that needs the response, the request goes out on
 * fresh JDK connections set up from the template: {@link HopSender} decides and sends each hop,
 * {@link RedirectFollower} follows the redirects of those the guard lets proceed.
 *
 * <p>The body ({@link RequestBody}) is held in memory up to {@link
 * dev.tokenguard.agent.library.BlockingExchange#MAX_BUFFERED_BODY}: a token request's form is read by
 * agent-core, and a 401 can be replayed. A held body that the guard lets proceed is sent with a
 * {@code Content-Length}, whatever streaming mode was set, so that such a request gets its 401 or
 * redirect as a response rather than the {@code HttpRetryException} the JDK throws in streaming mode.
 * A larger body is never held: the request is decided without it and streamed in the application's
 * streaming mode ({@link StreamedHop}).
 *
 * <p>{@code connect()} only marks the connection as connected: the network is reached when the
 * response is needed, so a connect error surfaces there rather than from {@code connect()}.
 *
 * <p>A failure of tokenguard's own code is logged once and the request goes on as if tokenguard
 * were absent, unless the guard answered it or it was sent already ({@link HopSender#afterOwnFailure}).
 * A lock rather than {@code synchronized} guards the exchange, so that a virtual thread waiting on the
 * network does not pin its carrier thread.
 */
final class CarrierCall {

    private final RequestGuard guard;
    private final HttpURLConnection template;
    private final Proxy proxy;
    private final HttpHeaders.Builder properties = HttpHeaders.builder();
    private final ReentrantLock lock = new ReentrantLock();
    private Authenticator authenticator;
    private Consumer<HttpURLConnection> streamingMode;
    /** The fixed length the application declared, or -1. */
    private long fixedLength = -1;
    private RequestBody body;
    private boolean connected;
    /** Made when the request first goes out, from the settings, which are frozen by then. */
    private HopSender sender;
    /** The request, once its body turned out too large to hold; else null. */
    private StreamedHop streamed;
    /** Written under the lock; volatile for the getters that only look at it. */
    private volatile ConnectionResponse response;

    /** @param proxy the proxy the application asked for, or null */
    CarrierCall(RequestGuard guard, HttpURLConnection template, Proxy proxy) {
        this.guard = guard;
        this.template = template;
        this.proxy = proxy;
    }

    // ---- what the application sets

    /** The JDK's connection that holds the application's settings, for getters and free setters. */
    HttpURLConnection template() {
        return template;
    }

    /** The template, for a setting the JDK refuses once connected. */
    HttpURLConnection unconnected() {
        if (connected) {
            throw new IllegalStateException("Already connected");
        }
        return template;
    }

    HttpsURLConnection secureTemplate() {
        return (HttpsURLConnection) template;
    }

    void setRequestMethod(String method) throws ProtocolException {
        if (connected) {
            throw new ProtocolException("Can't reset method: already connected");
        }
        template.setRequestMethod(method);
    }

    void setRequestProperty(String key, String value) {
        unconnected().setRequestProperty(key, value);
        properties.set(key, value == null ? "" : value);
    }

    void addRequestProperty(String key, String value) {
        unconnected().addRequestProperty(key, value);
        properties.add(key, value == null ? "" : value);
    }

    void setAuthenticator(Authenticator value) {
        unconnected().setAuthenticator(value);
        authenticator = value;
    }

    void setFixedLengthStreamingMode(long length) {
        unconnected().setFixedLengthStreamingMode(length);
        streamingMode = c -> c.setFixedLengthStreamingMode(length);
        fixedLength = length;
    }

    void setChunkedStreamingMode(int chunkLength) {
        unconnected().setChunkedStreamingMode(chunkLength);
        streamingMode = c -> c.setChunkedStreamingMode(chunkLength);
        fixedLength = -1;
    }

    // ---- the exchange

    void connect() {
        lock.lock();
        try {
            connected = true;
        } finally {
            lock.unlock();
        }
    }

    OutputStream outputStream() throws IOException {
        lock.lock();
        try {
            if (response != null) {
                throw new ProtocolException("Cannot write output after reading input.");
            }
            if (!template.getDoOutput()) {
                throw new ProtocolException("cannot write to a URLConnection if doOutput=false - call setDoOutput(true)");
            }
            if (template.getRequestMethod().equals("GET")) {
                template.setRequestMethod("POST"); // as the JDK does
            }
            connected = true;
            if (body == null) {
                body = new RequestBody(fixedLength, this::startStreamed);
            }
            return body;
        } finally {
            lock.unlock();
        }
    }

    /** The response, deciding and sending the request first if that has not happened yet. */
    ConnectionResponse response() {
        lock.lock();
        try {
            if (response == null) {
                connected = true;
                response = streamed != null ? streamed.response() : sendHeld();
            }
            return response;
        } finally {
            lock.unlock();
        }
    }

    /** Null until a response exists: the JDK gives no error stream before the request was sent. */
    InputStream errorStream() {
        lock.lock();
        try {
            return response == null ? null : response.errorStream();
        } finally {
            lock.unlock();
        }
    }

    URL url() {
        ConnectionResponse current = response;
        return current == null ? template.getURL() : current.url();
    }

    boolean usingProxy() {
        ConnectionResponse current = response;
        return current == null ? template.usingProxy() : current.usingProxy();
    }

    void disconnect() {
        ConnectionResponse current = response;
        if (current != null) {
            current.disconnect();
        }
    }

    HttpsURLConnection secure() {
        ConnectionResponse current = response;
        if (current == null) {
            throw new IllegalStateException("connection not yet open");
        }
        return current.secure();
    }

    /** Sends the request with its body, if any, held in memory. */
    private ConnectionResponse sendHeld() {
        HopRequest request = new HopRequest(template.getRequestMethod(), template.getURL(), properties.build(),
                body == null ? null : body.held());
        try {
            return new RedirectFollower(sender()).follow(request);
        } catch (RuntimeException | LinkageError e) {
            // The application's settings were validated as it made them: this is tokenguard's.
            AdapterFailures.report(CarrierConnections.LIBRARY, e);
            return sender().afterOwnFailure(request);
        }
    }

    /** {@link RequestBody.Overflow}: the body is too large to hold, so the request starts without it. */
    private OutputStream startStreamed() throws IOException {
        lock.lock();
        try {
            streamed = StreamedHop.start(sender(),
                    new HopRequest(template.getRequestMethod(), template.getURL(), properties.build(), null));
            return streamed.body();
        } finally {
            lock.unlock();
        }
    }

    private HopSender sender() {
        if (sender == null) {
            sender = new HopSender(guard, new HopConnections(template, proxy, authenticator, streamingMode));
        }
        return sender;
    }
}
