package dev.tokenguard.core.transport;

import dev.tokenguard.core.http.HttpHeaders;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.net.URI;
import java.nio.ByteBuffer;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.Flow;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The default {@link TokenTransport}: the JDK's {@link HttpClient} over HTTP/1.1, with the default
 * {@code SSLContext} (so {@code -Djavax.net.ssl.trustStore} and friends apply) and no redirects.
 * The client is built on the first call, not when the agent starts.
 */
public final class JdkTokenTransport implements TokenTransport {
    /** Token answers are a few hundred bytes; more than this is cut (and so fails to parse). */
    static final int MAX_BODY_BYTES = 1 << 20;
    /** Fields {@link HttpRequest.Builder} refuses to set: the client writes them itself. */
    private static final Set<String> RESTRICTED = Set.of("connection", "content-length", "expect", "host", "upgrade");

    private final Duration connectTimeout;
    private final ReentrantLock building = new ReentrantLock();
    private volatile HttpClient client;

    public JdkTokenTransport(Duration connectTimeout) {
        this.connectTimeout = connectTimeout;
    }

    @Override
    public Response post(URI url, HttpHeaders headers, byte[] body, Duration timeout) throws IOException {
        return post(url, headers, body, timeout, () -> { });
    }

    /**
     * {@code departing} runs when the client subscribes to the body: after it built itself and
     * connected, as it writes the request. That is the moment a slow first call (class loading, DNS,
     * TCP) actually leaves, which is what the carrier's limits count.
     */
    @Override
    public Response post(URI url, HttpHeaders headers, byte[] body, Duration timeout, Runnable departing)
            throws IOException {
        HttpRequest.Builder request = HttpRequest.newBuilder(url)
                .timeout(timeout)
                .POST(new Departing(HttpRequest.BodyPublishers.ofByteArray(body), departing));
        headers.toMap().forEach((name, values) -> {
            if (!RESTRICTED.contains(name.toLowerCase(Locale.ROOT))) {
                values.forEach(value -> request.header(name, value));
            }
        });
        try {
            HttpResponse<InputStream> response = client().send(request.build(), HttpResponse.BodyHandlers.ofInputStream());
            byte[] bytes;
            try (InputStream in = response.body()) {
                bytes = in.readNBytes(MAX_BODY_BYTES);
            }
            return new Response(response.statusCode(), HttpHeaders.of(response.headers().map()), bytes);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while waiting for " + url);
        }
    }

    /** A body that tells when the client first asks for it; a retried send asks again, told once. */
    private static final class Departing implements HttpRequest.BodyPublisher {
        private final HttpRequest.BodyPublisher body;
        private final AtomicReference<Runnable> departing;

        Departing(HttpRequest.BodyPublisher body, Runnable departing) {
            this.body = body;
            this.departing = new AtomicReference<>(departing);
        }

        @Override
        public long contentLength() {
            return body.contentLength();
        }

        @Override
        public void subscribe(Flow.Subscriber<? super ByteBuffer> subscriber) {
            Runnable once = departing.getAndSet(null);
            if (once != null) {
                once.run();
            }
            body.subscribe(subscriber);
        }
    }

    private HttpClient client() {
        HttpClient c = client;
        if (c != null) {
            return c;
        }
        // Double-checked under a j.u.c lock, not a monitor: a virtual thread must not pin here.
        building.lock();
        try {
            if (client == null) {
                client = HttpClient.newBuilder()
                        .version(HttpClient.Version.HTTP_1_1)
                        .connectTimeout(connectTimeout)
                        .followRedirects(HttpClient.Redirect.NEVER)
                        .build();
            }
            return client;
        } finally {
            building.unlock();
        }
    }
}
