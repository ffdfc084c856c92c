package dev.tokenguard.demo.client.http;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.hc.client5.http.async.methods.SimpleHttpRequest;
import org.apache.hc.client5.http.async.methods.SimpleHttpResponse;
import org.apache.hc.client5.http.async.methods.SimpleRequestBuilder;
import org.apache.hc.client5.http.impl.async.CloseableHttpAsyncClient;
import org.apache.hc.client5.http.impl.async.HttpAsyncClients;
import org.apache.hc.client5.http.impl.nio.PoolingAsyncClientConnectionManagerBuilder;
import org.apache.hc.core5.http.ContentType;
import org.apache.hc.core5.http.Header;
import org.apache.hc.core5.io.CloseMode;

/**
 * Apache HttpClient 5, async API with simple (fully buffered) messages. Each user waits on its
 * future, as a blocking service method built on the async client would.
 */
final class Apache5AsyncTransport implements HttpTransport {

    private final CloseableHttpAsyncClient client;
    private final Duration timeout;

    Apache5AsyncTransport(int maxConnections, Duration timeout) {
        this.timeout = timeout;
        client = HttpAsyncClients.custom()
                .setConnectionManager(PoolingAsyncClientConnectionManagerBuilder.create()
                        .setMaxConnTotal(maxConnections)
                        .setMaxConnPerRoute(maxConnections)
                        .setDefaultConnectionConfig(Apache5Connections.config(timeout))
                        .build())
                .build();
        client.start();
    }

    @Override
    public HttpReply send(ClientRequest request) throws IOException {
        SimpleRequestBuilder builder = SimpleRequestBuilder.create(request.method()).setUri(request.url());
        if (request.hasBody()) {
            builder.setBody(request.body(), ContentType.parse(request.contentType()));
        }
        request.headers().forEach(builder::setHeader);
        SimpleHttpRequest message = builder.build();
        SimpleHttpResponse response;
        try {
            response = client.execute(message, null).get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted waiting for " + request.url());
        } catch (TimeoutException e) {
            throw new IOException("no response within " + timeout.toMillis() + " ms", e);
        } catch (ExecutionException e) {
            throw e.getCause() instanceof IOException io ? io : new IOException(e.getCause());
        }
        HeaderNames headers = new HeaderNames();
        for (Header header : response.getHeaders()) {
            headers.add(header.getName(), header.getValue());
        }
        return new HttpReply(response.getCode(), headers.toMap(), response.getBodyText());
    }

    @Override
    public void close() {
        client.close(CloseMode.GRACEFUL);
    }
}
