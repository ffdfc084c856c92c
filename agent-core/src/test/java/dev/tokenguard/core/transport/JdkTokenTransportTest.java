package dev.tokenguard.core.transport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.sun.net.httpserver.HttpServer;
import dev.tokenguard.core.http.HttpHeaders;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class JdkTokenTransportTest {
    private HttpServer server;
    private final AtomicReference<String> seen = new AtomicReference<>();

    @BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/oauth/token", exchange -> {
            try (InputStream in = exchange.getRequestBody()) {
                seen.set(exchange.getRequestMethod() + " " + exchange.getRequestHeaders().getFirst("Content-Type") + " "
                        + exchange.getRequestHeaders().getFirst("x-merchant-id") + " "
                        + new String(in.readAllBytes(), StandardCharsets.UTF_8));
            }
            byte[] body = "{\"access_token\":\"t\",\"expires_in\":3599}".getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.getResponseHeaders().add("Retry-After", "7");
            exchange.sendResponseHeaders(429, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.start();
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    @Test
    void postsTheFormAndReturnsTheWholeAnswer() throws IOException {
        URI url = URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/oauth/token");
        HttpHeaders headers = HttpHeaders.builder()
                .add("Content-Type", "application/x-www-form-urlencoded")
                .add("x-merchant-id", "123456")
                .add("Host", "ignored.example") // restricted in java.net.http: skipped, not an exception
                .add("Content-Length", "1")
                .build();

        TokenTransport.Response response = new JdkTokenTransport(Duration.ofSeconds(5))
                .post(url, headers, "grant_type=client_credentials".getBytes(StandardCharsets.UTF_8), Duration.ofSeconds(5));

        assertEquals("POST application/x-www-form-urlencoded 123456 grant_type=client_credentials", seen.get());
        assertEquals(429, response.status());
        assertEquals("7", response.headers().first("retry-after"));
        assertEquals("{\"access_token\":\"t\",\"expires_in\":3599}", new String(response.body(), StandardCharsets.UTF_8));
    }

    @Test
    void theDepartureIsToldOnceWhenTheRequestIsWritten() throws IOException {
        URI url = URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/oauth/token");
        AtomicInteger departures = new AtomicInteger();

        new JdkTokenTransport(Duration.ofSeconds(5)).post(url, HttpHeaders.EMPTY,
                "grant_type=client_credentials".getBytes(StandardCharsets.UTF_8), Duration.ofSeconds(5),
                departures::incrementAndGet);

        assertEquals(1, departures.get());
    }

    @Test
    void aRefusedConnectionIsAnIOExceptionAndNoDeparture() {
        int port = server.getAddress().getPort();
        server.stop(0);
        URI url = URI.create("http://127.0.0.1:" + port + "/oauth/token");
        AtomicInteger departures = new AtomicInteger();
        assertThrows(IOException.class, () -> new JdkTokenTransport(Duration.ofSeconds(2))
                .post(url, HttpHeaders.EMPTY, new byte[0], Duration.ofSeconds(2), departures::incrementAndGet));
        assertEquals(0, departures.get(), "nothing left");
    }
}
