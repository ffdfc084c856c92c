package dev.tokenguard.agent.apachehttpclient.v4_5;

import dev.tokenguard.agent.AnswerHeaders;
import dev.tokenguard.agent.library.BlockingExchange;
import dev.tokenguard.agent.library.EntityBodies;
import dev.tokenguard.agent.library.ErrorBodies;
import dev.tokenguard.core.http.HttpHeaders;
import dev.tokenguard.core.http.OutboundRequest;
import dev.tokenguard.core.http.SyntheticResponse;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
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
import org.apache.http.entity.AbstractHttpEntity;
import org.apache.http.entity.ByteArrayEntity;
import org.apache.http.entity.InputStreamEntity;
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
    /** The body for agent-core, or null where it is not in memory. */
    private byte[] body;

    Apache4Exchange(ClientExecChain protocolExec, HttpRoute route, HttpClientContext context,
            HttpExecutionAware execAware) {
        super(LIBRARY);
        this.protocolExec = protocolExec;
        this.route = route;
        this.context = context;
        this.execAware = execAware;
    }

    @Override
    protected HttpRequestWrapper prepare(HttpRequestWrapper request) throws IOException {
        arrivedWith = request.getAllHeaders();
        HttpEntity entity = entity(request);
        if (entity == null) {
            body = new byte[0];
            return request;
        }
        EntityBodies.Read read = EntityBodies.read(new Apache4Entity(entity));
        body = read.bytes();
        if (read.replace() != null) {
            // The wrapper holds its own reference to the entity: the application's request keeps its own.
            ((HttpEntityEnclosingRequest) request).setEntity(replacement(entity, read));
        }
        return request;
    }

    /** The entity to send in place of a one-shot entity that was read: the copy, or what was read and the rest. */
    private static HttpEntity replacement(HttpEntity entity, EntityBodies.Read read) {
        AbstractHttpEntity copy = read.inMemory() ? new ByteArrayEntity(read.bytes()) : new InputStreamEntity(read.replace());
        copy.setContentType(entity.getContentType());
        copy.setContentEncoding(entity.getContentEncoding());
        copy.setChunked(entity.isChunked());
        return copy;
    }

    @Override
    protected OutboundRequest describe(HttpRequestWrapper prepared) {
        HttpEntity entity = entity(prepared);
        HttpHeaders.Builder headers = toModel(prepared);
        if (entity != null && entity.getContentType() != null && !prepared.containsHeader("Content-Type")) {
            headers.add("Content-Type", entity.getContentType().getValue());
        }
        URI uri = URI.create(route.getTargetHost().toURI()).resolve(prepared.getURI());
        return new OutboundRequest(prepared.getRequestLine().getMethod(), uri, headers.build(), body);
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

    @Override
    protected String errorBody(CloseableHttpResponse response) throws IOException {
        HttpEntity entity = response.getEntity();
        if (entity == null) {
            return null;
        }
        ErrorBodies.Peeked peeked = ErrorBodies.peek(entity.getContent());
        InputStreamEntity whole = new InputStreamEntity(peeked.body(), entity.getContentLength());
        whole.setContentType(entity.getContentType());
        whole.setContentEncoding(entity.getContentEncoding());
        whole.setChunked(entity.isChunked());
        response.setEntity(whole);
        return peeked.text();
    }

    /** An HttpClient 4.5 entity, as {@link EntityBodies} reads it. */
    private record Apache4Entity(HttpEntity entity) implements EntityBodies.Entity {

        @Override
        public long length() {
            return entity.getContentLength();
        }

        @Override
        public boolean repeatable() {
            return entity.isRepeatable();
        }

        @Override
        public void writeTo(OutputStream out) throws IOException {
            entity.writeTo(out);
        }

        @Override
        public InputStream content() throws IOException {
            return entity.getContent();
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
