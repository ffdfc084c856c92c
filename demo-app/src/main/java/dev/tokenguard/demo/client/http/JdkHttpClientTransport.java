package dev.tokenguard.demo.client.http;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/**
 * {@link HttpClient} (java.net.http). Pinned to HTTP/1.1: for {@code http://} URLs the default
 * HTTP/2 setting would send an h2c upgrade on every new connection, which the carriers' HTTPS
 * endpoints never see.
 */
final class JdkHttpClientTransport implements HttpTransport {

    private final HttpClient client;
    private final Duration timeout;

    JdkHttpClientTransport(Duration timeout) {
        this.timeout = timeout;
        client = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .followRedirects(HttpClient.Redirect.NORMAL)
                .connectTimeout(timeout)
                .build();
    }

    @Override
    public HttpReply send(ClientRequest request) throws IOException {
        HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(request.url())).timeout(timeout);
        if (request.hasBody()) {
            builder.header("Content-Type", request.contentType())
                    .method(request.method(), HttpRequest.BodyPublishers.ofString(request.body()));
        } else {
            builder.method(request.method(), HttpRequest.BodyPublishers.noBody());
        }
        request.headers().forEach(builder::header);
        HttpResponse<String> response;
        try {
            response = client.send(builder.build(), HttpResponse.BodyHandlers.ofString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted waiting for " + request.url());
        }
        HeaderNames headers = new HeaderNames();
        response.headers().map().forEach((name, values) -> {
            if (!values.isEmpty()) {
                headers.add(name, values.get(0));
            }
        });
        return new HttpReply(response.statusCode(), headers.toMap(), response.body());
    }

    @Override
    public void close() {
        // HttpClient has no close() before Java 21; its threads end when it is unreachable.
    }
}
