package dev.tokenguard.agent;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import javax.net.ServerSocketFactory;

/**
 * A local HTTP/1.1 server that records each request exactly as it arrived, bytes included, and
 * answers with scripted responses in order (then with the default). One request per connection:
 * every response says {@code Connection: close}.
 */
public final class RawHttpServer implements AutoCloseable {

    /** A request as received: the head as text, the body as bytes. */
    public record Received(String head, byte[] body) {

        public String requestLine() {
            return head.substring(0, head.indexOf("\r\n"));
        }

        /** The value of the first field of that name, or null. */
        public String header(String name) {
            for (String line : head.split("\r\n")) {
                int colon = line.indexOf(':');
                if (colon > 0 && line.substring(0, colon).equalsIgnoreCase(name)) {
                    return line.substring(colon + 1).trim();
                }
            }
            return null;
        }

        public String bodyText() {
            return new String(body, StandardCharsets.UTF_8);
        }
    }

    private final ServerSocket socket;
    private final BlockingQueue<String> script = new LinkedBlockingQueue<>();
    private final List<Received> received = new CopyOnWriteArrayList<>();
    private final Thread acceptor;

    public RawHttpServer() throws IOException {
        this(ServerSocketFactory.getDefault());
    }

    public RawHttpServer(ServerSocketFactory factory) throws IOException {
        socket = factory.createServerSocket(0, 50, InetAddress.getLoopbackAddress());
        acceptor = new Thread(this::serve, "raw-http-server-" + socket.getLocalPort());
        acceptor.setDaemon(true);
        acceptor.start();
    }

    public int port() {
        return socket.getLocalPort();
    }

    public String url(String path) {
        return (socket instanceof javax.net.ssl.SSLServerSocket ? "https" : "http") + "://127.0.0.1:" + port() + path;
    }

    /** Queues a response; {@code fields} are {@code name: value} lines. */
    public RawHttpServer respond(int status, String reason, String body, String... fields) {
        StringBuilder response = new StringBuilder("HTTP/1.1 " + status + " " + reason + "\r\n");
        for (String field : fields) {
            response.append(field).append("\r\n");
        }
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        response.append("Content-Length: ").append(bytes.length).append("\r\nConnection: close\r\n\r\n").append(body);
        script.add(response.toString());
        return this;
    }

    public List<Received> received() {
        return received;
    }

    private void serve() {
        while (!socket.isClosed()) {
            try (Socket connection = socket.accept()) {
                InputStream in = connection.getInputStream();
                String head = readHead(in);
                received.add(new Received(head, readBody(in, head)));
                String response = script.poll();
                OutputStream out = connection.getOutputStream();
                out.write((response != null ? response
                        : "HTTP/1.1 200 OK\r\nContent-Length: 2\r\nConnection: close\r\n\r\nok").getBytes(StandardCharsets.UTF_8));
                out.flush();
            } catch (IOException e) {
                // a client that went away, or the server closing
            }
        }
    }

    private static String readHead(InputStream in) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        int matched = 0;
        while (matched < 4) {
            int b = in.read();
            if (b < 0) {
                throw new IOException("closed in the head");
            }
            head.write(b);
            matched = (b == (matched % 2 == 0 ? '\r' : '\n')) ? matched + 1 : (b == '\r' ? 1 : 0);
        }
        return head.toString(StandardCharsets.ISO_8859_1);
    }

    private static byte[] readBody(InputStream in, String head) throws IOException {
        Received parsed = new Received(head, new byte[0]);
        String length = parsed.header("Content-Length");
        if (length != null) {
            return in.readNBytes(Integer.parseInt(length));
        }
        String encoding = parsed.header("Transfer-Encoding");
        if (encoding == null || !encoding.toLowerCase(Locale.ROOT).contains("chunked")) {
            return new byte[0];
        }
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        while (true) {
            int size = Integer.parseInt(readLine(in).trim(), 16);
            if (size == 0) {
                readLine(in);
                return body.toByteArray();
            }
            body.write(in.readNBytes(size));
            readLine(in);
        }
    }

    private static String readLine(InputStream in) throws IOException {
        StringBuilder line = new StringBuilder();
        int b;
        while ((b = in.read()) >= 0 && b != '\n') {
            if (b != '\r') {
                line.append((char) b);
            }
        }
        return line.toString();
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
