package dev.tokenguard.core.transport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.sun.net.httpserver.HttpServer;
import dev.tokenguard.core.http.HttpHeaders;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Proxy;
import java.net.ProxySelector;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketAddress;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class SocketTokenTransportTest {
    private static final byte[] FORM = "grant_type=client_credentials".getBytes(StandardCharsets.UTF_8);

    private HttpServer server;
    private final AtomicReference<String> seen = new AtomicReference<>();
    private final List<AutoCloseable> closing = new ArrayList<>();

    @BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/oauth/token", exchange -> {
            try (InputStream in = exchange.getRequestBody()) {
                seen.set(exchange.getRequestMethod() + " " + exchange.getRequestURI() + " "
                        + exchange.getRequestHeaders().getFirst("Content-Type") + " "
                        + exchange.getRequestHeaders().getFirst("x-merchant-id") + " "
                        + exchange.getRequestHeaders().getFirst("Host") + " "
                        + new String(in.readAllBytes(), StandardCharsets.UTF_8));
            }
            byte[] body = "{\"access_token\":\"t\",\"expires_in\":3599}".getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.getResponseHeaders().add("Retry-After", "7");
            exchange.sendResponseHeaders(429, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.createContext("/chunked", exchange -> {
            exchange.getRequestBody().readAllBytes();
            exchange.sendResponseHeaders(401, 0); // 0: chunked
            exchange.getResponseBody().write("{\"errors\":[{\"code\":\"NOT.AUTHORIZED.ERROR\"}]}".getBytes(StandardCharsets.UTF_8));
            exchange.close();
        });
        server.createContext("/moved", exchange -> {
            exchange.getRequestBody().readAllBytes();
            exchange.getResponseHeaders().add("Location", "/oauth/token");
            exchange.sendResponseHeaders(302, -1);
            exchange.close();
        });
        server.start();
    }

    @AfterEach
    void stop() throws Exception {
        server.stop(0);
        for (AutoCloseable c : closing) {
            c.close();
        }
    }

    private URI url(String path) {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + path);
    }

    private static SocketTokenTransport transport() {
        return new SocketTokenTransport(Duration.ofSeconds(5));
    }

    @Test
    void postsTheFormAndReturnsTheWholeAnswer() throws IOException {
        HttpHeaders headers = HttpHeaders.builder()
                .add("Content-Type", "application/x-www-form-urlencoded")
                .add("x-merchant-id", "123456")
                .add("Host", "ignored.example") // written by the transport itself: skipped
                .add("Content-Length", "1")
                .build();

        TokenTransport.Response response = transport().post(url("/oauth/token?a=b%20c"), headers, FORM, Duration.ofSeconds(5));

        assertEquals("POST /oauth/token?a=b%20c application/x-www-form-urlencoded 123456 127.0.0.1:"
                + server.getAddress().getPort() + " grant_type=client_credentials", seen.get());
        assertEquals(429, response.status());
        assertEquals("7", response.headers().first("retry-after"));
        assertEquals("{\"access_token\":\"t\",\"expires_in\":3599}", new String(response.body(), StandardCharsets.UTF_8));
    }

    @Test
    void aRefusalComesBackWithTheCarriersBody() throws IOException {
        TokenTransport.Response response = transport().post(url("/chunked"), HttpHeaders.EMPTY, FORM, Duration.ofSeconds(5));

        assertEquals(401, response.status());
        assertEquals("{\"errors\":[{\"code\":\"NOT.AUTHORIZED.ERROR\"}]}", new String(response.body(), StandardCharsets.UTF_8));
    }

    @Test
    void aRedirectIsReturnedNotFollowed() throws IOException {
        TokenTransport.Response response = transport().post(url("/moved"), HttpHeaders.EMPTY, FORM, Duration.ofSeconds(5));

        assertEquals(302, response.status());
        assertEquals(null, seen.get(), "the token endpoint saw nothing");
    }

    @Test
    void theDepartureIsToldOnceWhenTheRequestIsWritten() throws IOException {
        AtomicInteger departures = new AtomicInteger();

        transport().post(url("/oauth/token"), HttpHeaders.EMPTY, FORM, Duration.ofSeconds(5), departures::incrementAndGet);

        assertEquals(1, departures.get());
    }

    @Test
    void aRefusedConnectionIsAnIOExceptionAndNoDeparture() {
        URI url = url("/oauth/token");
        server.stop(0);
        AtomicInteger departures = new AtomicInteger();
        assertThrows(IOException.class, () -> new SocketTokenTransport(Duration.ofSeconds(2))
                .post(url, HttpHeaders.EMPTY, new byte[0], Duration.ofSeconds(2), departures::incrementAndGet));
        assertEquals(0, departures.get(), "nothing left");
    }

    @Test
    void aCarrierThatNeverAnswersTimesOutAtTheCallsTimeout() throws IOException {
        RawServer silent = raw(request -> null);

        long start = System.nanoTime();
        assertThrows(SocketTimeoutException.class, () -> transport().post(silent.url(), HttpHeaders.EMPTY, FORM,
                Duration.ofMillis(300)));
        long millis = Duration.ofNanos(System.nanoTime() - start).toMillis();

        assertTrue(millis >= 250 && millis < 4_000, millis + " ms");
    }

    @Test
    void aCarrierThatTricklesItsAnswerTimesOutAtTheCallsTimeoutToo() throws IOException {
        RawServer trickling = raw(request -> "HTTP/1.1 200 OK\r\nContent-Length: 100000\r\n\r\n" + "x".repeat(100_000));
        trickling.trickle = true;

        long start = System.nanoTime();
        assertThrows(SocketTimeoutException.class, () -> transport().post(trickling.url(), HttpHeaders.EMPTY, FORM,
                Duration.ofMillis(500)));
        long millis = Duration.ofNanos(System.nanoTime() - start).toMillis();

        assertTrue(millis < 4_000, millis + " ms");
    }

    @Test
    void aConnectionClosedBeforeAnAnswerFailsAndIsNotSentAgain() throws IOException {
        RawServer closing = raw(request -> "");

        assertThrows(IOException.class, () -> transport().post(closing.url(), HttpHeaders.EMPTY, FORM, Duration.ofSeconds(5)));

        assertEquals(1, closing.requests.size(), "one POST, no silent retry");
    }

    @Test
    void sendsWhatTheRequestSaysAndClosesTheConnection() throws IOException {
        RawServer carrier = raw(request -> "HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\n{}");

        transport().post(carrier.url(), HttpHeaders.EMPTY.with("Authorization", "Basic abc"), FORM, Duration.ofSeconds(5));

        String head = carrier.requests.get(0);
        assertTrue(head.startsWith("POST /oauth/token HTTP/1.1\r\n"), head);
        assertTrue(head.contains("\r\nContent-Length: " + FORM.length + "\r\n"), head);
        assertTrue(head.contains("\r\nConnection: close\r\n"), head);
        assertTrue(head.contains("\r\nUser-Agent: Java-http-client/"), head);
        assertTrue(head.contains("\r\nAuthorization: Basic abc\r\n"), head);
    }

    @Test
    void aHeaderValueWithALineBreakIsRefusedBeforeAnythingLeaves() throws IOException {
        RawServer carrier = raw(request -> "HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\n{}");
        AtomicInteger departures = new AtomicInteger();

        IllegalArgumentException refused = assertThrows(IllegalArgumentException.class, () -> transport().post(carrier.url(),
                HttpHeaders.EMPTY.with("X-Note", "secret\r\nX-Injected: 1"), FORM, Duration.ofSeconds(5),
                departures::incrementAndGet));

        assertEquals("header field X-Note holds a character a header cannot", refused.getMessage());
        assertEquals(0, departures.get());
        assertEquals(List.of(), carrier.requests);
    }

    @Test
    void reachesAnIpv6Literal() throws IOException {
        HttpServer v6;
        try {
            v6 = HttpServer.create(new InetSocketAddress(InetAddress.getByName("::1"), 0), 0);
        } catch (IOException noIpv6) {
            assumeTrue(false, "this machine has no IPv6 loopback");
            return;
        }
        v6.createContext("/oauth/token", exchange -> {
            exchange.getRequestBody().readAllBytes();
            seen.set(exchange.getRequestHeaders().getFirst("Host"));
            exchange.sendResponseHeaders(200, -1);
            exchange.close();
        });
        v6.start();
        try {
            URI url = URI.create("http://[::1]:" + v6.getAddress().getPort() + "/oauth/token");

            assertEquals(200, transport().post(url, HttpHeaders.EMPTY, FORM, Duration.ofSeconds(5)).status());
            assertEquals("[::1]:" + v6.getAddress().getPort(), seen.get());
        } finally {
            v6.stop(0);
        }
    }

    @Test
    void goesThroughTheDefaultSelectorsHttpProxyWithTheAbsoluteUrl() throws IOException {
        RawServer proxy = raw(request -> "HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\n{}");
        ProxySelector before = ProxySelector.getDefault();
        ProxySelector.setDefault(new ProxySelector() {
            @Override
            public List<Proxy> select(URI uri) {
                return List.of(new Proxy(Proxy.Type.HTTP, InetSocketAddress.createUnresolved("127.0.0.1", proxy.port())));
            }

            @Override
            public void connectFailed(URI uri, SocketAddress sa, IOException ioe) {}
        });
        try {
            TokenTransport.Response response = transport().post(URI.create("http://carrier.invalid:8080/oauth/token"),
                    HttpHeaders.EMPTY, FORM, Duration.ofSeconds(5));

            assertEquals(200, response.status());
            assertTrue(proxy.requests.get(0).startsWith("POST http://carrier.invalid:8080/oauth/token HTTP/1.1\r\n"
                    + "Host: carrier.invalid:8080\r\n"), proxy.requests.get(0));
        } finally {
            ProxySelector.setDefault(before);
        }
    }

    @Test
    void tunnelsHttpsThroughTheProxyAndFailsWhenItRefuses() throws IOException {
        RawServer proxy = raw(request -> "HTTP/1.1 403 Forbidden\r\nContent-Length: 0\r\n\r\n");
        ProxySelector before = ProxySelector.getDefault();
        ProxySelector.setDefault(ProxySelector.of(InetSocketAddress.createUnresolved("127.0.0.1", proxy.port())));
        AtomicInteger departures = new AtomicInteger();
        try {
            IOException refused = assertThrows(IOException.class, () -> transport().post(
                    URI.create("https://carrier.invalid/oauth/token"), HttpHeaders.EMPTY, FORM, Duration.ofSeconds(5),
                    departures::incrementAndGet));

            assertEquals("the proxy refused a tunnel to carrier.invalid:443: status 403", refused.getMessage());
            assertTrue(proxy.requests.get(0).startsWith("CONNECT carrier.invalid:443 HTTP/1.1\r\n"), proxy.requests.get(0));
            assertEquals(0, departures.get());
        } finally {
            ProxySelector.setDefault(before);
        }
    }

    private RawServer raw(Function<String, String> answer) throws IOException {
        RawServer raw = new RawServer(answer);
        closing.add(raw);
        return raw;
    }

    /** Reads a request head (and the form after it), then answers as told: null never, "" by closing. */
    private static final class RawServer implements AutoCloseable {
        final ServerSocket socket;
        final List<String> requests = new CopyOnWriteArrayList<>();
        volatile boolean trickle;
        private final Thread thread;

        RawServer(Function<String, String> answer) throws IOException {
            socket = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
            thread = new Thread(() -> {
                while (!socket.isClosed()) {
                    try (Socket s = socket.accept()) {
                        BufferedReader in = new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.ISO_8859_1));
                        StringBuilder head = new StringBuilder();
                        for (String line = in.readLine(); line != null && !line.isEmpty(); line = in.readLine()) {
                            head.append(line).append("\r\n");
                        }
                        requests.add(head.toString());
                        String reply = answer.apply(head.toString());
                        if (reply == null) {
                            while (in.read() >= 0) {
                                // until the client gives up
                            }
                            continue;
                        }
                        byte[] bytes = reply.getBytes(StandardCharsets.ISO_8859_1);
                        for (int i = 0; i < bytes.length; i += trickle ? 1 : bytes.length) {
                            s.getOutputStream().write(bytes, i, trickle ? 1 : bytes.length);
                            s.getOutputStream().flush();
                            if (trickle) {
                                Thread.sleep(20);
                            }
                        }
                    } catch (IOException | InterruptedException e) {
                        // closed by the client or by close()
                    }
                }
            }, "raw-server");
            thread.setDaemon(true);
            thread.start();
        }

        int port() {
            return socket.getLocalPort();
        }

        URI url() {
            return URI.create("http://127.0.0.1:" + port() + "/oauth/token");
        }

        @Override
        public void close() throws IOException {
            socket.close();
        }
    }
}
