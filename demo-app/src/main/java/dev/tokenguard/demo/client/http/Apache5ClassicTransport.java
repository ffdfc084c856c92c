package dev.tokenguard.demo.client.http;

import java.io.IOException;
import java.time.Duration;
import java.net.URI;
import org.apache.hc.client5.http.classic.methods.HttpUriRequestBase;
import org.apache.hc.client5.http.config.RequestConfig;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.impl.classic.HttpClients;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManagerBuilder;
import org.apache.hc.core5.http.ContentType;
import org.apache.hc.core5.http.Header;
import org.apache.hc.core5.http.io.entity.EntityUtils;
import org.apache.hc.core5.http.io.entity.StringEntity;
import org.apache.hc.core5.util.Timeout;

/** Apache HttpClient 5, classic (blocking) API, with a response handler as its docs recommend. */
final class Apache5ClassicTransport implements HttpTransport {

    private final CloseableHttpClient client;

    Apache5ClassicTransport(int maxConnections, Duration timeout) {
        client = HttpClients.custom()
                .setConnectionManager(PoolingHttpClientConnectionManagerBuilder.create()
                        .setMaxConnTotal(maxConnections)
                        .setMaxConnPerRoute(maxConnections)
                        .setDefaultConnectionConfig(Apache5Connections.config(timeout))
                        .build())
                .setDefaultRequestConfig(RequestConfig.custom().setResponseTimeout(Timeout.of(timeout)).build())
                .build();
    }

    @Override
    public HttpReply send(ClientRequest request) throws IOException {
        HttpUriRequestBase message = new HttpUriRequestBase(request.method(), URI.create(request.url()));
        if (request.hasBody()) {
            message.setEntity(new StringEntity(request.body(), ContentType.parse(request.contentType())));
        }
        request.headers().forEach(message::setHeader);
        return client.execute(message, response -> {
            HeaderNames headers = new HeaderNames();
            for (Header header : response.getHeaders()) {
                headers.add(header.getName(), header.getValue());
            }
            String body = response.getEntity() == null ? "" : EntityUtils.toString(response.getEntity());
            return new HttpReply(response.getCode(), headers.toMap(), body);
        });
    }

    @Override
    public void close() throws IOException {
        client.close();
    }
}
