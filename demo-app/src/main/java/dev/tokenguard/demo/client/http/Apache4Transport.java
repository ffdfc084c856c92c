package dev.tokenguard.demo.client.http;

import java.io.IOException;
import java.time.Duration;
import org.apache.http.Header;
import org.apache.http.client.config.RequestConfig;
import java.net.URI;
import org.apache.http.client.methods.HttpEntityEnclosingRequestBase;
import org.apache.http.client.methods.HttpUriRequest;
import org.apache.http.client.methods.RequestBuilder;
import org.apache.http.entity.ContentType;
import org.apache.http.entity.StringEntity;
import org.apache.http.impl.client.CloseableHttpClient;
import org.apache.http.impl.client.HttpClients;
import org.apache.http.util.EntityUtils;

/** Apache HttpClient 4.5 with a response handler, which releases the connection for us. */
final class Apache4Transport implements HttpTransport {

    private final CloseableHttpClient client;

    Apache4Transport(int maxConnections, Duration timeout) {
        int millis = Math.toIntExact(timeout.toMillis());
        client = HttpClients.custom()
                .setMaxConnTotal(maxConnections)
                .setMaxConnPerRoute(maxConnections)
                .setDefaultRequestConfig(RequestConfig.custom()
                        .setConnectTimeout(millis)
                        .setSocketTimeout(millis)
                        .setConnectionRequestTimeout(millis)
                        .build())
                .build();
    }

    @Override
    public HttpReply send(ClientRequest request) throws IOException {
        HttpUriRequest message;
        if (request.hasBody()) {
            HttpEntityEnclosingRequestBase withBody = new HttpEntityEnclosingRequestBase() {
                @Override
                public String getMethod() {
                    return request.method();
                }
            };
            withBody.setURI(URI.create(request.url()));
            withBody.setEntity(new StringEntity(request.body(), ContentType.parse(request.contentType())));
            message = withBody;
        } else {
            message = RequestBuilder.create(request.method()).setUri(request.url()).build();
        }
        request.headers().forEach(message::setHeader);
        return client.execute(message, response -> {
            HeaderNames headers = new HeaderNames();
            for (Header header : response.getAllHeaders()) {
                headers.add(header.getName(), header.getValue());
            }
            String body = response.getEntity() == null ? "" : EntityUtils.toString(response.getEntity());
            return new HttpReply(response.getStatusLine().getStatusCode(), headers.toMap(), body);
        });
    }

    @Override
    public void close() throws IOException {
        client.close();
    }
}
