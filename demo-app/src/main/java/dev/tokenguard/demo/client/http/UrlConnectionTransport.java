package dev.tokenguard.demo.client.http;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.HttpURLConnection;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/** {@link HttpURLConnection}: the JDK's built-in client, which keeps connections alive by itself. */
final class UrlConnectionTransport implements HttpTransport {

    private final int timeoutMillis;

    UrlConnectionTransport(Duration timeout) {
        this.timeoutMillis = Math.toIntExact(timeout.toMillis());
    }

    @Override
    public HttpReply send(ClientRequest request) throws IOException {
        HttpURLConnection connection = (HttpURLConnection) URI.create(request.url()).toURL().openConnection();
        connection.setConnectTimeout(timeoutMillis);
        connection.setReadTimeout(timeoutMillis);
        connection.setRequestMethod(request.method());
        request.headers().forEach(connection::setRequestProperty);
        if (request.hasBody()) {
            connection.setDoOutput(true);
            connection.setRequestProperty("Content-Type", request.contentType());
            try (OutputStream out = connection.getOutputStream()) {
                out.write(request.body().getBytes(StandardCharsets.UTF_8));
            }
        }
        int status = connection.getResponseCode();
        HeaderNames headers = new HeaderNames();
        for (Map.Entry<String, List<String>> field : connection.getHeaderFields().entrySet()) {
            // the status line is listed under a null name
            if (field.getKey() != null && !field.getValue().isEmpty()) {
                headers.add(field.getKey(), field.getValue().get(0));
            }
        }
        // Reading the body to its end (the error stream for 4xx/5xx) lets the connection be reused.
        InputStream stream = status >= 400 ? connection.getErrorStream() : connection.getInputStream();
        String body = "";
        if (stream != null) {
            try (stream) {
                body = new String(stream.readAllBytes(), StandardCharsets.UTF_8);
            }
        }
        return new HttpReply(status, headers.toMap(), body);
    }

    @Override
    public void close() {
        // HttpURLConnection has no client object to close; idle connections time out by themselves.
    }
}
