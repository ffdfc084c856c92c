package dev.tokenguard.it.app.startup;

import java.io.IOException;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;

/** {@link FirstCalls} with OkHttp 4's synchronous calls. */
public final class OkHttpApp implements LibraryClient {
    private final OkHttpClient client = new OkHttpClient();

    public static void main(String[] args) throws Exception {
        FirstCalls.run(args, new OkHttpApp());
    }

    @Override
    public int get(String url) throws IOException {
        try (Response response = client.newCall(new Request.Builder().url(url).build()).execute()) {
            return response.code();
        }
    }

    @Override
    public Reply post(String url, String contentType, String body, String authorization) throws IOException {
        Request.Builder request = new Request.Builder().url(url).post(RequestBody.create(body, MediaType.get(contentType)));
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        try (Response response = client.newCall(request.build()).execute()) {
            return new Reply(response.code(), response.body().string());
        }
    }

    /** OkHttp's threads are daemons, but its pool would keep an idle connection's socket until exit. */
    @Override
    public void close() {
        client.dispatcher().executorService().shutdown();
        client.connectionPool().evictAll();
    }
}
