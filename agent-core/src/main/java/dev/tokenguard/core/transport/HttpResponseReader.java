package dev.tokenguard.core.transport;

import dev.tokenguard.core.http.HttpHeaders;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.net.ProtocolException;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * Reads one HTTP/1.1 response (RFC 9112) from a connection that carries nothing else: the status
 * line, the header fields and the body, framed by chunked transfer coding, by {@code Content-Length}
 * or by the end of the connection. Interim (1xx) responses are skipped. A body longer than the cap
 * is cut there, the rest left unread; one that ends before its framing says is an error.
 */
final class HttpResponseReader {
    /** A status line or header field longer than this is refused: no carrier writes one. */
    static final int MAX_LINE_BYTES = 16 * 1024;
    /** More header fields than this are refused. */
    static final int MAX_FIELDS = 256;

    private final InputStream in;
    private final int maxBodyBytes;

    private HttpResponseReader(InputStream in, int maxBodyBytes) {
        this.in = in;
        this.maxBodyBytes = maxBodyBytes;
    }

    /** The whole response; {@code in} should be buffered, it is read a byte at a time. */
    static TokenTransport.Response read(InputStream in, int maxBodyBytes) throws IOException {
        HttpResponseReader reader = new HttpResponseReader(in, maxBodyBytes);
        int status;
        HttpHeaders headers;
        do {
            status = reader.statusLine();
            headers = reader.fields();
        } while (status >= 100 && status < 200 && status != 101);
        return new TokenTransport.Response(status, headers, reader.body(status, headers));
    }

    /** The status of the head at the start of {@code in}, its fields read and dropped: a proxy's CONNECT answer. */
    static int readHead(InputStream in) throws IOException {
        HttpResponseReader reader = new HttpResponseReader(in, 0);
        int status = reader.statusLine();
        reader.fields();
        return status;
    }

    /** "HTTP/1.1 200 OK": the status code. */
    private int statusLine() throws IOException {
        String line = line();
        if (!line.startsWith("HTTP/1.") || line.length() < 12 || line.charAt(8) != ' '
                || (line.length() > 12 && line.charAt(12) != ' ')) {
            throw new ProtocolException("not an HTTP/1.x status line");
        }
        try {
            int status = Integer.parseInt(line.substring(9, 12));
            if (status < 100) {
                throw new ProtocolException("bad status code");
            }
            return status;
        } catch (NumberFormatException e) {
            throw new ProtocolException("bad status code");
        }
    }

    /** The header fields, up to the empty line; a folded line (obsolete, RFC 9112 5.2) joins the one before. */
    private HttpHeaders fields() throws IOException {
        HttpHeaders.Builder headers = HttpHeaders.builder();
        String name = null;
        StringBuilder value = null;
        for (int count = 0; ; count++) {
            if (count > MAX_FIELDS) {
                throw new ProtocolException("more than " + MAX_FIELDS + " header fields");
            }
            String line = line();
            if (!line.isEmpty() && (line.charAt(0) == ' ' || line.charAt(0) == '\t')) {
                if (value == null) {
                    throw new ProtocolException("a folded line before any header field");
                }
                value.append(' ').append(line.trim());
                continue;
            }
            if (name != null) {
                headers.add(name, value.toString());
            }
            if (line.isEmpty()) {
                return headers.build();
            }
            int colon = line.indexOf(':');
            if (colon <= 0) {
                throw new ProtocolException("a header line without a name");
            }
            name = line.substring(0, colon);
            value = new StringBuilder(line.substring(colon + 1).trim());
        }
    }

    private byte[] body(int status, HttpHeaders headers) throws IOException {
        if (status == 204 || status == 304) {
            return new byte[0];
        }
        String transferEncoding = headers.first("transfer-encoding");
        if (transferEncoding != null && transferEncoding.toLowerCase(Locale.ROOT).trim().endsWith("chunked")) {
            return chunked();
        }
        String contentLength = headers.first("content-length");
        if (contentLength != null) {
            long length;
            try {
                length = Long.parseLong(contentLength.trim());
            } catch (NumberFormatException e) {
                throw new ProtocolException("bad Content-Length");
            }
            if (length < 0) {
                throw new ProtocolException("bad Content-Length");
            }
            byte[] body = in.readNBytes((int) Math.min(length, maxBodyBytes));
            if (body.length < Math.min(length, maxBodyBytes)) {
                throw new EOFException("the connection closed before the end of the body");
            }
            return body;
        }
        return in.readNBytes(maxBodyBytes);
    }

    /** Chunks up to the last (size 0) and its trailer fields, or up to the cap. */
    private byte[] chunked() throws IOException {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        while (true) {
            String sizeLine = line();
            int extension = sizeLine.indexOf(';');
            String hex = (extension < 0 ? sizeLine : sizeLine.substring(0, extension)).trim();
            long size;
            try {
                size = hex.isEmpty() || hex.length() > 15 ? -1 : Long.parseLong(hex, 16);
            } catch (NumberFormatException e) {
                size = -1;
            }
            if (size < 0) {
                throw new ProtocolException("bad chunk size");
            }
            if (size == 0) {
                fields();
                return body.toByteArray();
            }
            int room = maxBodyBytes - body.size();
            byte[] chunk = in.readNBytes((int) Math.min(size, room));
            body.write(chunk);
            if (chunk.length < Math.min(size, room)) {
                throw new EOFException("the connection closed inside a chunk");
            }
            if (size >= room) {
                return body.toByteArray();
            }
            if (!line().isEmpty()) {
                throw new ProtocolException("a chunk longer than its size");
            }
        }
    }

    /** One line without its CR LF (a bare LF ends one too), as ISO-8859-1. */
    private String line() throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        while (true) {
            int b = in.read();
            if (b < 0) {
                throw new EOFException("the connection closed before the end of the response head");
            }
            if (b == '\n') {
                byte[] bytes = line.toByteArray();
                int length = bytes.length > 0 && bytes[bytes.length - 1] == '\r' ? bytes.length - 1 : bytes.length;
                return new String(bytes, 0, length, StandardCharsets.ISO_8859_1);
            }
            if (line.size() >= MAX_LINE_BYTES) {
                throw new ProtocolException("a response line longer than " + MAX_LINE_BYTES + " bytes");
            }
            line.write(b);
        }
    }
}
