package dev.tokenguard.it.app.startup;

import org.apache.hc.client5.http.async.methods.SimpleHttpResponse;
import org.apache.hc.client5.http.async.methods.SimpleRequestBuilder;
import org.apache.hc.client5.http.impl.async.CloseableHttpAsyncClient;
import org.apache.hc.client5.http.impl.async.HttpAsyncClients;
import org.apache.hc.core5.http.ContentType;
import org.apache.hc.core5.io.CloseMode;

/** {@link FirstCalls} with Apache HttpClient 5's async API, simple messages, waiting on each future. */
public final class Apache5AsyncApp implements LibraryClient {
    private final CloseableHttpAsyncClient client = HttpAsyncClients.createDefault();

    public static void main(String[] args) throws Exception {
        FirstCalls.run(args, new Apache5AsyncApp());
    }

    private Apache5AsyncApp() {
        client.start();
    }

    @Override
    public int get(String url) throws Exception {
        return client.execute(SimpleRequestBuilder.get(url).build(), null).get().getCode();
    }

    @Override
    public Reply post(String url, String contentType, String body, String authorization) throws Exception {
        SimpleRequestBuilder request = SimpleRequestBuilder.post(url).setBody(body, ContentType.parse(contentType));
        if (authorization != null) {
            request.setHeader("Authorization", authorization);
        }
        SimpleHttpResponse response = client.execute(request.build(), null).get();
        return new Reply(response.getCode(), response.getBodyText());
    }

    /** The I/O reactor's threads are not daemons: the JVM would not exit with them running. */
    @Override
    public void close() {
        client.close(CloseMode.IMMEDIATE);
    }
}
