package dev.tokenguard.demo.client.http;

import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import okhttp3.ConnectionPool;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import okhttp3.ResponseBody;

/** OkHttp 4, synchronous calls on one shared client. */
final class OkHttpTransport implements HttpTransport {

    private final OkHttpClient client;

    OkHttpTransport(int maxConnections, Duration timeout) {
        client = new OkHttpClient.Builder()
                .connectTimeout(timeout)
                .readTimeout(timeout)
                .writeTimeout(timeout)
                .connectionPool(new ConnectionPool(maxConnections, 5, TimeUnit.MINUTES))
                .build();
    }

    @Override
    public HttpReply send(ClientRequest request) throws IOException {
        // RequestBody.create(MediaType, String) and Headers.names(): the API OkHttp 3.14 has too.
        RequestBody body = request.hasBody() ? RequestBody.create(MediaType.get(request.contentType()), request.body()) : null;
        Request.Builder builder = new Request.Builder().url(request.url()).method(request.method(), body);
        request.headers().forEach(builder::header);
        try (Response response = client.newCall(builder.build()).execute()) {
            HeaderNames headers = new HeaderNames();
            for (String name : response.headers().names()) {
                headers.add(name, response.header(name));
            }
            ResponseBody responseBody = response.body();
            return new HttpReply(response.code(), headers.toMap(), responseBody == null ? "" : responseBody.string());
        }
    }

    @Override
    public void close() {
        client.dispatcher().executorService().shutdown();
        client.connectionPool().evictAll();
    }
}
