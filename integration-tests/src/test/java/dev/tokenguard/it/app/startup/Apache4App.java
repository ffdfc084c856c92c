package dev.tokenguard.it.app.startup;

import java.io.IOException;
import org.apache.http.client.methods.HttpGet;
import org.apache.http.client.methods.HttpPost;
import org.apache.http.entity.ContentType;
import org.apache.http.entity.StringEntity;
import org.apache.http.impl.client.CloseableHttpClient;
import org.apache.http.impl.client.HttpClients;
import org.apache.http.util.EntityUtils;

/** {@link FirstCalls} with Apache HttpClient 4.5 and response handlers. */
public final class Apache4App implements LibraryClient {
    private final CloseableHttpClient client = HttpClients.createDefault();

    public static void main(String[] args) throws Exception {
        FirstCalls.run(args, new Apache4App());
    }

    @Override
    public int get(String url) throws IOException {
        return client.execute(new HttpGet(url), response -> {
            EntityUtils.consume(response.getEntity());
            return response.getStatusLine().getStatusCode();
        });
    }

    @Override
    public Reply post(String url, String contentType, String body, String authorization) throws IOException {
        HttpPost request = new HttpPost(url);
        request.setEntity(new StringEntity(body, ContentType.parse(contentType)));
        if (authorization != null) {
            request.setHeader("Authorization", authorization);
        }
        return client.execute(request, response ->
                new Reply(response.getStatusLine().getStatusCode(), EntityUtils.toString(response.getEntity())));
    }

    @Override
    public void close() throws IOException {
        client.close();
    }
}
