package dev.tokenguard.core.transport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.ByteArrayInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.net.ProtocolException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class HttpResponseReaderTest {

    private static TokenTransport.Response read(String response, int cap) throws IOException {
        return HttpResponseReader.read(new ByteArrayInputStream(response.getBytes(StandardCharsets.ISO_8859_1)), cap);
    }

    private static TokenTransport.Response read(String response) throws IOException {
        return read(response, 1 << 20);
    }

    private static String body(TokenTransport.Response response) {
        return new String(response.body(), StandardCharsets.UTF_8);
    }

    @Test
    void readsABodyFramedByContentLength() throws IOException {
        TokenTransport.Response response = read(
                "HTTP/1.1 429 Too Many Requests\r\nContent-Type: application/json\r\nRetry-After:  7 \r\n"
                        + "Content-Length: 4\r\n\r\n{}{}left over");

        assertEquals(429, response.status());
        assertEquals("7", response.headers().first("retry-after"));
        assertEquals("{}{}", body(response));
    }

    @Test
    void readsChunksWithExtensionsAndTrailers() throws IOException {
        TokenTransport.Response response = read("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n"
                + "5;name=value\r\n{\"a\":\r\nA\r\n\"0123456\"}\r\n0\r\nX-Trailer: t\r\n\r\n");

        assertEquals("{\"a\":\"0123456\"}", body(response));
    }

    @Test
    void readsToTheEndOfTheConnectionWithoutFraming() throws IOException {
        assertEquals("{\"a\":1}", body(read("HTTP/1.0 200 OK\nContent-Type: application/json\n\n{\"a\":1}")));
    }

    @Test
    void skipsInterimResponses() throws IOException {
        TokenTransport.Response response = read(
                "HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 103 Early Hints\r\nLink: x\r\n\r\n"
                        + "HTTP/1.1 401 Unauthorized\r\nContent-Length: 2\r\n\r\n{}");

        assertEquals(401, response.status());
        assertEquals("{}", body(response));
    }

    @Test
    void keepsRepeatedFieldsAndJoinsFoldedLines() throws IOException {
        TokenTransport.Response response = read(
                "HTTP/1.1 200\r\nSet-Cookie: a=1\r\nSet-Cookie: b=2\r\nX-Long: one\r\n\t two\r\nContent-Length: 0\r\n\r\n");

        assertEquals(List.of("a=1", "b=2"), response.headers().all("set-cookie"));
        assertEquals("one two", response.headers().first("x-long"));
    }

    @Test
    void cutsABodyLongerThanTheCap() throws IOException {
        assertEquals("0123", body(read("HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\n0123456789", 4)));
        assertEquals("0123", body(read("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n3\r\n012\r\n7\r\n3456789\r\n0\r\n\r\n", 4)));
        assertEquals("0123", body(read("HTTP/1.1 200 OK\r\n\r\n0123456789", 4)));
    }

    @Test
    void aBodyCutShortByTheConnectionIsAnError() {
        assertThrows(EOFException.class, () -> read("HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\n01234"));
        assertThrows(EOFException.class, () -> read("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n9\r\n0123"));
        assertThrows(EOFException.class, () -> read("HTTP/1.1 200 OK\r\nContent-Type: a"));
        assertThrows(EOFException.class, () -> read(""));
    }

    @ParameterizedTest
    @ValueSource(strings = {"SSH-2.0-OpenSSH\r\n\r\n", "HTTP/2 200\r\n\r\n", "HTTP/1.1 2x0 OK\r\n\r\n", "HTTP/1.1 20 OK\r\n\r\n",
            "HTTP/1.1 200 OK\r\nno colon\r\n\r\n", "HTTP/1.1 200 OK\r\n folded first\r\n\r\n",
            "HTTP/1.1 200 OK\r\nContent-Length: -1\r\n\r\n", "HTTP/1.1 200 OK\r\nContent-Length: ten\r\n\r\n",
            "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n", "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n2\r\nabc\r\n0\r\n\r\n"})
    void refusesWhatIsNotAnHttp11Response(String response) {
        assertThrows(ProtocolException.class, () -> read(response));
    }

    @Test
    void refusesEndlessHeads() {
        assertThrows(ProtocolException.class, () -> read("HTTP/1.1 200 OK\r\nX: " + "a".repeat(HttpResponseReader.MAX_LINE_BYTES)));
        assertThrows(ProtocolException.class, () -> read("HTTP/1.1 200 OK\r\n" + "X: a\r\n".repeat(HttpResponseReader.MAX_FIELDS + 1)));
    }

    @Test
    void readsAProxysAnswerToConnectWithoutReadingPastIt() throws IOException {
        ByteArrayInputStream in = new ByteArrayInputStream(
                "HTTP/1.1 200 Connection established\r\nVia: proxy\r\n\r\nTLS".getBytes(StandardCharsets.ISO_8859_1));

        assertEquals(200, HttpResponseReader.readHead(in));
        assertEquals("TLS", new String(in.readAllBytes(), StandardCharsets.ISO_8859_1));
    }
}
