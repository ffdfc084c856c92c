package dev.tokenguard.agent.urlconnection;

import dev.tokenguard.agent.library.AdapterFailures;
import dev.tokenguard.bootstrap.Bridge;
import dev.tokenguard.core.http.AfterResponse;
import dev.tokenguard.core.http.Decision;
import dev.tokenguard.core.http.Exchange;
import dev.tokenguard.core.http.HttpHeaders;
import dev.tokenguard.core.http.RequestGuard;
import dev.tokenguard.core.http.RequestGuard.Replays;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Authenticator;
import java.net.HttpURLConnection;
import java.net.ProtocolException;
import java.net.Proxy;
import java.net.URISyntaxException;
import java.net.URL;
import java.util.List;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import javax.net.ssl.HttpsURLConnection;

/**
 * One application request on a connection to a carrier host, behind a guarded connection.
 *
 * <p>What the application sets goes to the connection the JDK made for it (the <em>template</em>),
 * which validates it exactly as it would have and answers the getters; that connection never
 * connects. Request properties are recorded too, because the JDK does not give
 * {@code Authorization} back. The body is buffered. On the first call that needs the response the
 * guard decides, and the request goes out on a fresh JDK connection set up from the template:
 * <ul>
 * <li>{@code Answer}: no connection at all, the synthetic response is served ({@link AnsweredResponse}).
 * <li>{@code Proceed}: sent with the guard's header fields; after a 401 the guard may ask for one
 *     replay, which goes out on another fresh connection. Redirects are followed here, not by the
 *     JDK: each hop is decided on its own, so a token the guard attached for one host never reaches
 *     another, and a hop to a host that is not a carrier's carries only what the application set
 *     (less {@code Authorization} and cookies, as the JDK does when the destination changes).
 * <li>{@code PASS}: sent as the application set it up, streaming mode and redirects included.
 * </ul>
 * Streaming modes are recorded but, for a request the guard lets proceed, the buffered body is
 * sent with a {@code Content-Length} instead: carrier requests are small, and a streamed body could
 * not be sent again after a 401. As a result such a request gets its 401 or redirect as a response
 * rather than the {@code HttpRetryException} the JDK throws in streaming mode.
 *
 * <p>{@code connect()} only marks the connection as connected: the network is reached when the
 * response is needed, so a connect error surfaces there rather than from {@code connect()}.
 *
 * <p>A failure of tokenguard's own code is logged once and the request goes on as if tokenguard
 * were absent. A lock rather than {@code synchronized} guards the exchange, so that a virtual
 * thread waiting on the network does not pin its carrier thread.
 */
final class CarrierCall {

    private final RequestGuard guard;
    private final HttpURLConnection template;
    private final Proxy proxy;
    private final HttpHeaders.Builder properties = HttpHeaders.builder();
    private final ReentrantLock lock = new ReentrantLock();
    private Authenticator authenticator;
    private Consumer<HttpURLConnection> streamingMode;
    private ByteArrayOutputStream body;
    private boolean connected;
    /** Written under the lock; volatile for the getters that only look at it. */
    private volatile ConnectionResponse response;
    /**
     * Under the lock, for a failure of tokenguard's own code in the middle of the exchange: whether
     * a request of this call may have reached the network (so that it must not be sent again), and
     * the last response received that was not discarded, or null.
     */
    private boolean sent;
    private HttpURLConnection received;

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
    }

    void setChunkedStreamingMode(int chunkLength) {
        unconnected().setChunkedStreamingMode(chunkLength);
        streamingMode = c -> c.setChunkedStreamingMode(chunkLength);
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
                body = new ByteArrayOutputStream();
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
                HopRequest request = new HopRequest(template.getRequestMethod(), template.getURL(), properties.build(),
                        body == null ? null : body.toByteArray());
                try {
                    response = hop(request, Redirects.MAX);
                } catch (RuntimeException | LinkageError e) {
                    // The application's settings were validated as it made them: this is tokenguard's.
                    AdapterFailures.report(CarrierConnections.LIBRARY, e);
                    response = afterOwnFailure(request);
                }
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

    /**
     * After a failure of tokenguard's own code: the request as the application made it, but only if
     * nothing went out yet. Once a request was sent (a first send, a replay, a redirect hop), sending
     * it again could duplicate a POST (a second shipment): the application gets the response already
     * received, or a failure.
     */
    private ConnectionResponse afterOwnFailure(HopRequest request) {
        if (!sent) {
            return pass(request);
        }
        if (received != null) {
            return new LiveResponse(received);
        }
        return new FailedResponse(new IOException(
                "tokenguard failed after the request was sent; it is not sent again"), request.url());
    }

    private ConnectionResponse hop(HopRequest request, int redirectsLeft) {
        Decision decision = decide(request);
        if (decision instanceof Decision.Answer answer) {
            return new AnsweredResponse(answer.response(), request.url(), template.getDoInput());
        }
        if (decision instanceof Decision.Proceed proceed) {
            return proceed(request, proceed, redirectsLeft);
        }
        return pass(request);
    }

    private Decision decide(HopRequest request) {
        try {
            RequestGuard hopGuard = CarrierConnections.guardFor(request.url());
            return hopGuard == null ? Decision.PASS : hopGuard.decide(request.toOutbound());
        } catch (RuntimeException | LinkageError | URISyntaxException e) {
            AdapterFailures.report(CarrierConnections.LIBRARY, e);
            return Decision.PASS;
        }
    }

    private ConnectionResponse pass(HopRequest request) {
        boolean entered = Bridge.enter();
        try {
            HttpURLConnection real = open(request.url());
            configure(real, request, HttpHeaders.EMPTY, template.getInstanceFollowRedirects());
            if (streamingMode != null && request.body() != null) {
                streamingMode.accept(real);
            }
            sent = true; // from here on the request may be on the wire
            received = null;
            write(real, request.body());
            return new LiveResponse(real);
        } catch (IOException e) {
            return new FailedResponse(e, request.url());
        } finally {
            Bridge.exit(entered);
        }
    }

    private ConnectionResponse proceed(HopRequest request, Decision.Proceed proceed, int redirectsLeft) {
        HttpURLConnection real;
        try {
            real = send(request, proceed.setHeaders(), proceed.exchange());
            // The body is held in memory, and the calling thread is the application's: a replay may wait.
            if (reportResponse(proceed.exchange(), real, Replays.AFTER_RENEWAL) instanceof AfterResponse.Replay replay) {
                discard(real);
                real = send(request, replay.setHeaders(), replay.exchange());
                // Once only: a second 401 goes to the application.
                reportResponse(replay.exchange(), real, Replays.NEVER);
            }
            if (!template.getInstanceFollowRedirects()) {
                return new LiveResponse(real);
            }
            HopRequest next = Redirects.next(request, real);
            if (next == null) {
                return new LiveResponse(real);
            }
            discard(real);
            if (redirectsLeft == 0) {
                return new FailedResponse(new ProtocolException(
                        "Server redirected too many  times (" + Redirects.MAX + ")"), request.url());
            }
            return hop(next, redirectsLeft - 1);
        } catch (IOException e) {
            return new FailedResponse(e, request.url());
        }
    }

    /** Sends the request with the guard's header fields and reads the status; failures reach the guard. */
    private HttpURLConnection send(HopRequest request, HttpHeaders setHeaders, Exchange exchange) throws IOException {
        boolean entered = Bridge.enter();
        try {
            HttpURLConnection real = open(request.url());
            configure(real, request, setHeaders, false);
            sent = true; // from here on the request may be on the wire
            received = null;
            write(real, request.body());
            real.getResponseCode();
            received = real;
            return real;
        } catch (IOException e) {
            reportFailure(exchange, e);
            throw e;
        } finally {
            Bridge.exit(entered);
        }
    }

    private AfterResponse reportResponse(Exchange exchange, HttpURLConnection real, Replays replays) throws IOException {
        int status = real.getResponseCode();
        try {
            return guard.onResponse(exchange, status, HttpHeaders.of(real.getHeaderFields()), replays);
        } catch (RuntimeException | LinkageError e) {
            AdapterFailures.report(CarrierConnections.LIBRARY, e);
            return AfterResponse.DONE;
        }
    }

    private void reportFailure(Exchange exchange, IOException error) {
        try {
            guard.onFailure(exchange, error);
        } catch (RuntimeException | LinkageError e) {
            AdapterFailures.report(CarrierConnections.LIBRARY, e);
        }
    }

    /** A fresh JDK connection, made inside the bridge mark so that it is not guarded a second time. */
    private HttpURLConnection open(URL url) throws IOException {
        boolean entered = Bridge.enter();
        try {
            return (HttpURLConnection) (proxy == null ? url.openConnection() : url.openConnection(proxy));
        } finally {
            Bridge.exit(entered);
        }
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

    private static void write(HttpURLConnection real, byte[] body) throws IOException {
        if (body == null) {
            return;
        }
        real.setDoOutput(true);
        try (OutputStream out = real.getOutputStream()) {
            out.write(body);
        }
    }

    /** Reads a response that is not handed over to its end, so that its connection can be reused. */
    private void discard(HttpURLConnection real) {
        if (received == real) {
            received = null; // its body is gone: not one to hand to the application
        }
        try (InputStream in = real.getResponseCode() >= 400 ? real.getErrorStream() : real.getInputStream()) {
            if (in != null) {
                in.transferTo(OutputStream.nullOutputStream());
            }
        } catch (IOException e) {
            real.disconnect(); // the response is dropped either way
        }
    }
}
