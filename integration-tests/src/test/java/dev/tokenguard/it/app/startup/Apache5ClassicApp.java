package dev.tokenguard.it.app.startup;

import java.io.IOException;
import org.apache.hc.client5.http.classic.methods.HttpGet;
import org.apache.hc.client5.http.classic.methods.HttpPost;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.impl.classic.HttpClients;
import org.apache.hc.core5.http.ContentType;
import org.apache.hc.core5.http.io.entity.EntityUtils;
import org.apache.hc.core5.http.io.entity.StringEntity;

/** {@link FirstCalls} with Apache HttpClient 5's classic API and response handlers. */
public final class Apache5ClassicApp implements LibraryClient {
    private final CloseableHttpClient client = HttpClients.createDefault();

    public static void main(String[] args) throws Exception {
        FirstCalls.run(args, new Apache5ClassicApp());
    }

    @Override
    public int get(String url) throws IOException {
        return client.execute(new HttpGet(url), response -> {
            EntityUtils.consume(response.getEntity());
            return response.getCode();
        });
    }

    @Override
    public Reply post(String url, String contentType, String body, String authorization) throws IOException {
        HttpPost request = new HttpPost(url);
        request.setEntity(new StringEntity(body, ContentType.parse(contentType)));
        if (authorization != null) {
            request.setHeader("Authorization", authorization);
        }
        return client.execute(request, response -> new Reply(response.getCode(), EntityUtils.toString(response.getEntity())));
    }

    @Override
    public void close() throws IOException {
        client.close();
    }
}
