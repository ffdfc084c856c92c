package dev.tokenguard.agent.apachehttpclient.v5_0;

import dev.tokenguard.agent.library.BlockingExchange;
import dev.tokenguard.agent.library.EntityBodies;
import dev.tokenguard.agent.library.ErrorBodies;
import dev.tokenguard.core.http.Exchange;
import dev.tokenguard.core.http.HttpHeaders;
import dev.tokenguard.core.http.OutboundRequest;
import dev.tokenguard.core.http.SyntheticResponse;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import org.apache.hc.client5.http.classic.ExecChain;
import org.apache.hc.core5.http.ClassicHttpRequest;
import org.apache.hc.core5.http.ClassicHttpResponse;
import org.apache.hc.core5.http.ContentType;
import org.apache.hc.core5.http.HttpEntity;
import org.apache.hc.core5.http.HttpException;
import org.apache.hc.core5.http.io.entity.ByteArrayEntity;
import org.apache.hc.core5.http.io.entity.EntityUtils;
import org.apache.hc.core5.http.io.entity.InputStreamEntity;
import org.apache.hc.core5.http.io.support.ClassicRequestBuilder;
import org.apache.hc.core5.http.message.BasicClassicHttpResponse;

/**
 * One hop of a classic HttpClient 5 call to a carrier, translated to and from agent-core's model.
 *
 * <p>Headers are set on a copy of the hop's request, and the copy also becomes the original request
 * of the scope handed down: the retry and authentication elements below rebuild a re-sent request
 * from the scope's original, and would otherwise drop the bearer on a retry.
 */
final class ClassicExchange extends BlockingExchange<ClassicHttpRequest, ClassicHttpResponse, HttpException> {
    private final ExecChain.Scope scope;
    private final ExecChain chain;
    private ClassicHttpRequest received;
    /** The body for agent-core, or null where it is not in memory. */
    private byte[] body;

    ClassicExchange(ExecChain.Scope scope, ExecChain chain) {
        super(Apache5Messages.LIBRARY);
        this.scope = scope;
        this.chain = chain;
    }

    @Override
    protected ClassicHttpRequest prepare(ClassicHttpRequest request) throws IOException {
        received = request;
        HttpEntity entity = request.getEntity();
        if (entity == null) {
            body = new byte[0];
            return request;
        }
        EntityBodies.Read read = EntityBodies.read(new Apache5Entity(entity));
        body = read.bytes();
        if (read.replace() == null) {
            return request;
        }
        // A copy, so that the application's request keeps its own entity; proceed() hands it down as the
        // scope's original, which the retry element below re-sends.
        return ClassicRequestBuilder.copy(request).setEntity(replacement(entity, read)).build();
    }

    /** The entity to send in place of a one-shot entity that was read: the copy, or what was read and the rest. */
    private static HttpEntity replacement(HttpEntity entity, EntityBodies.Read read) {
        ContentType contentType = entity.getContentType() != null ? ContentType.parse(entity.getContentType()) : null;
        return read.inMemory()
                ? new ByteArrayEntity(read.bytes(), contentType, entity.getContentEncoding(), entity.isChunked())
                : new InputStreamEntity(read.replace(), -1, contentType, entity.getContentEncoding());
    }

    @Override
    protected OutboundRequest describe(ClassicHttpRequest prepared) {
        HttpEntity entity = prepared.getEntity();
        return new OutboundRequest(prepared.getMethod(), Apache5Messages.uri(scope.route, prepared),
                Apache5Messages.requestHeaders(prepared, entity != null ? entity.getContentType() : null),
                body);
    }

    @Override
    protected boolean isReplayable(ClassicHttpRequest prepared) {
        return prepared.getEntity() == null || prepared.getEntity().isRepeatable();
    }

    @Override
    protected ClassicHttpRequest withHeaders(ClassicHttpRequest prepared, HttpHeaders setHeaders) {
        ClassicHttpRequest copy = ClassicRequestBuilder.copy(prepared).build();
        Apache5Messages.setHeaders(copy, setHeaders);
        return copy;
    }

    @Override
    protected ClassicHttpResponse proceed(ClassicHttpRequest request) throws IOException, HttpException {
        if (request == received) {
            return chain.proceed(request, scope);
        }
        return chain.proceed(request, new ExecChain.Scope(
                scope.exchangeId, scope.route, request, scope.execRuntime, scope.clientContext));
    }

    @Override
    protected ClassicHttpResponse answer(ClassicHttpRequest prepared, SyntheticResponse response) {
        BasicClassicHttpResponse answer = new BasicClassicHttpResponse(response.status(), response.reason());
        Apache5Messages.addHeaders(answer, response);
        answer.setEntity(new ByteArrayEntity(response.body(), Apache5Messages.contentType(response)));
        return answer;
    }

    @Override
    protected int status(ClassicHttpResponse response) {
        return response.getCode();
    }

    @Override
    protected HttpHeaders responseHeaders(ClassicHttpResponse response) {
        return Apache5Messages.responseHeaders(response);
    }

    @Override
    protected void discard(ClassicHttpResponse response) {
        try {
            EntityUtils.consume(response.getEntity());
            response.close();
        } catch (IOException e) {
            // The response was for tokenguard only; a failure to drain it only costs its connection.
        }
    }

    @Override
    protected String errorBody(ClassicHttpResponse response) throws IOException {
        return peekErrorBody(response);
    }

    @Override
    protected void inFlight(Exchange exchangeOrNull) {
        RetriedResponses.inFlight(scope.clientContext, exchangeOrNull);
    }

    /** The start of the body ({@link ErrorBodies}), the whole left in the response; null without one. */
    static String peekErrorBody(ClassicHttpResponse response) throws IOException {
        HttpEntity entity = response.getEntity();
        if (entity == null) {
            return null;
        }
        ErrorBodies.Peeked peeked = ErrorBodies.peek(entity.getContent());
        ContentType contentType = entity.getContentType() != null ? ContentType.parse(entity.getContentType()) : null;
        response.setEntity(new InputStreamEntity(peeked.body(), entity.getContentLength(), contentType,
                entity.getContentEncoding()));
        return peeked.text();
    }

    /** An HttpClient 5 entity, as {@link EntityBodies} reads it. */
    private record Apache5Entity(HttpEntity entity) implements EntityBodies.Entity {

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
}
