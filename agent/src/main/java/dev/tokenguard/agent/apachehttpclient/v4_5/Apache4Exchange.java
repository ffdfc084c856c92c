package dev.tokenguard.agent.apachehttpclient.v4_5;

import dev.tokenguard.agent.AnswerHeaders;
import dev.tokenguard.agent.library.BlockingExchange;
import dev.tokenguard.core.http.HttpHeaders;
import dev.tokenguard.core.http.OutboundRequest;
import dev.tokenguard.core.http.SyntheticResponse;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import org.apache.http.Header;
import org.apache.http.HttpEntity;
import org.apache.http.HttpEntityEnclosingRequest;
import org.apache.http.HttpException;
import org.apache.http.HttpMessage;
import org.apache.http.client.methods.CloseableHttpResponse;
import org.apache.http.client.methods.HttpExecutionAware;
import org.apache.http.client.methods.HttpRequestWrapper;
import org.apache.http.client.protocol.HttpClientContext;
import org.apache.http.conn.routing.HttpRoute;
import org.apache.http.entity.ByteArrayEntity;
import org.apache.http.impl.execchain.ClientExecChain;
import org.apache.http.util.EntityUtils;

/**
 * One hop of an HttpClient 4.5 call to a carrier, translated to and from agent-core's model.
 *
 * <p>A hop's request is a mutable wrapper that the protocol element below fills in (host, content
 * length), so headers are set on it directly, and a replay first restores the fields it had on
 * arrival, as the client's own retry element does.
 */
final class Apache4Exchange extends BlockingExchange<HttpRequestWrapper, CloseableHttpResponse, HttpException> {
    static final String LIBRARY = "apache-httpclient4";

    private final ClientExecChain protocolExec;
    private final HttpRoute route;
    private final HttpClientContext context;
    private final HttpExecutionAware execAware;
    private Header[] arrivedWith;

    Apache4Exchange(ClientExecChain protocolExec, HttpRoute route, HttpClientContext context,
            HttpExecutionAware execAware) {
        super(LIBRARY);
        this.protocolExec = protocolExec;
        this.route = route;
        this.context = context;
        this.execAware = execAware;
    }

    @Override
    protected HttpRequestWrapper prepare(HttpRequestWrapper request) {
        arrivedWith = request.getAllHeaders();
        return request;
    }

    @Override
    protected OutboundRequest describe(HttpRequestWrapper prepared) {
        HttpEntity entity = entity(prepared);
        HttpHeaders.Builder headers = toModel(prepared);
        if (entity != null && entity.getContentType() != null && !prepared.containsHeader("Content-Type")) {
            headers.add("Content-Type", entity.getContentType().getValue());
        }
        URI uri = URI.create(route.getTargetHost().toURI()).resolve(prepared.getURI());
        return new OutboundRequest(prepared.getRequestLine().getMethod(), uri, headers.build(), body(entity));
    }

    /** The body if it can be read without taking it from the client: none, or small and repeatable. */
    private static byte[] body(HttpEntity entity) {
        if (entity == null) {
            return new byte[0];
        }
        long length = entity.getContentLength();
        if (!entity.isRepeatable() || length < 0 || length > MAX_BUFFERED_BODY) {
            return null;
        }
        try {
            ByteArrayOutputStream out = new ByteArrayOutputStream((int) length);
            entity.writeTo(out);
            return out.toByteArray();
        } catch (IOException e) {
            return null;
        }
    }

    @Override
    protected boolean isReplayable(HttpRequestWrapper prepared) {
        HttpEntity entity = entity(prepared);
        return entity == null || entity.isRepeatable();
    }

    @Override
    protected HttpRequestWrapper withHeaders(HttpRequestWrapper prepared, HttpHeaders setHeaders) {
        prepared.setHeaders(arrivedWith);
        for (String name : setHeaders.names()) {
            prepared.removeHeaders(name);
            for (String value : setHeaders.all(name)) {
                prepared.addHeader(name, value);
            }
        }
        return prepared;
    }

    @Override
    protected CloseableHttpResponse proceed(HttpRequestWrapper request) throws IOException, HttpException {
        return protocolExec.execute(route, request, context, execAware);
    }

    @Override
    protected CloseableHttpResponse answer(HttpRequestWrapper prepared, SyntheticResponse response) {
        AnsweredResponse answer = new AnsweredResponse(response.status(), response.reason());
        AnswerHeaders.of(response).toMap().forEach((name, values) -> values.forEach(value -> answer.addHeader(name, value)));
        ByteArrayEntity entity = new ByteArrayEntity(response.body());
        entity.setContentType(response.headers().first("Content-Type"));
        answer.setEntity(entity);
        return answer;
    }

    @Override
    protected int status(CloseableHttpResponse response) {
        return response.getStatusLine().getStatusCode();
    }

    @Override
    protected HttpHeaders responseHeaders(CloseableHttpResponse response) {
        return toModel(response).build();
    }

    @Override
    protected void discard(CloseableHttpResponse response) {
        try {
            EntityUtils.consume(response.getEntity());
            response.close();
        } catch (IOException e) {
            // The response was for tokenguard only; a failure to drain it only costs its connection.
        }
    }

    private static HttpEntity entity(HttpRequestWrapper request) {
        return request instanceof HttpEntityEnclosingRequest enclosing ? enclosing.getEntity() : null;
    }

    private static HttpHeaders.Builder toModel(HttpMessage message) {
        HttpHeaders.Builder headers = HttpHeaders.builder();
        for (Header header : message.getAllHeaders()) {
            headers.add(header.getName(), header.getValue());
        }
        return headers;
    }
}
