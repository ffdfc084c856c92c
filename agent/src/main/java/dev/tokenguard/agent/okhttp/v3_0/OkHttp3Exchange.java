package dev.tokenguard.agent.okhttp.v3_0;

import dev.tokenguard.agent.AnswerHeaders;
import dev.tokenguard.agent.library.BlockingExchange;
import dev.tokenguard.core.http.HttpHeaders;
import dev.tokenguard.core.http.OutboundRequest;
import dev.tokenguard.core.http.SyntheticResponse;
import java.io.IOException;
import okhttp3.Headers;
import okhttp3.Interceptor;
import okhttp3.MediaType;
import okhttp3.Protocol;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import okhttp3.ResponseBody;
import okio.Buffer;

/**
 * One carrier call through OkHttp, translated to and from agent-core's model.
 *
 * <p>Uses only API present in both OkHttp 3.14 and 4.x. That is why replayability is decided by
 * buffering rather than by {@code RequestBody.isOneShot()}, which OkHttp 3 lacks: a body of known,
 * small length is read once into memory and replaced by an in-memory copy (same bytes, same media
 * type), which can be sent any number of times; any other body is sent as it is and never replayed.
 * {@code RequestBody.create(MediaType, byte[])} and {@code ResponseBody.create(MediaType, byte[])}
 * are deprecated in OkHttp 4 but are the only factories both versions have.
 */
@SuppressWarnings("deprecation")
final class OkHttp3Exchange extends BlockingExchange<Request, Response, RuntimeException> {
    static final String LIBRARY = "okhttp";

    private final Interceptor.Chain chain;
    private byte[] body;
    private boolean replayable;

    OkHttp3Exchange(Interceptor.Chain chain) {
        super(LIBRARY);
        this.chain = chain;
    }

    @Override
    protected Request prepare(Request request) throws IOException {
        RequestBody original = request.body();
        if (original == null) {
            body = new byte[0];
            replayable = true;
            return request;
        }
        long length = original.contentLength();
        if (length < 0 || length > MAX_BUFFERED_BODY) {
            return request;
        }
        Buffer buffer = new Buffer();
        original.writeTo(buffer);
        body = buffer.readByteArray();
        replayable = true;
        return request.newBuilder().method(request.method(), RequestBody.create(original.contentType(), body)).build();
    }

    @Override
    protected OutboundRequest describe(Request prepared) {
        HttpHeaders.Builder headers = toModel(prepared.headers());
        // OkHttp's bridge adds Content-Type from the body only below the application interceptors.
        RequestBody requestBody = prepared.body();
        if (requestBody != null && requestBody.contentType() != null && prepared.header("Content-Type") == null) {
            headers.add("Content-Type", requestBody.contentType().toString());
        }
        return new OutboundRequest(prepared.method(), prepared.url().uri(), headers.build(), body);
    }

    @Override
    protected boolean isReplayable(Request prepared) {
        return replayable;
    }

    @Override
    protected Request withHeaders(Request prepared, HttpHeaders setHeaders) {
        Request.Builder builder = prepared.newBuilder();
        for (String name : setHeaders.names()) {
            builder.removeHeader(name);
            for (String value : setHeaders.all(name)) {
                builder.addHeader(name, value);
            }
        }
        return builder.build();
    }

    @Override
    protected Response proceed(Request request) throws IOException {
        return chain.proceed(request);
    }

    @Override
    protected Response answer(Request prepared, SyntheticResponse response) {
        Headers.Builder headers = new Headers.Builder();
        AnswerHeaders.of(response).toMap().forEach((name, values) -> values.forEach(value -> headers.add(name, value)));
        String contentType = response.headers().first("Content-Type");
        long now = System.currentTimeMillis();
        return new Response.Builder()
                .request(prepared)
                .protocol(Protocol.HTTP_1_1)
                .code(response.status())
                .message(response.reason() != null ? response.reason() : "")
                .headers(headers.build())
                .body(ResponseBody.create(contentType != null ? MediaType.parse(contentType) : null, response.body()))
                .sentRequestAtMillis(now)
                .receivedResponseAtMillis(now)
                .build();
    }

    @Override
    protected int status(Response response) {
        return response.code();
    }

    @Override
    protected HttpHeaders responseHeaders(Response response) {
        return toModel(response.headers()).build();
    }

    @Override
    protected void discard(Response response) {
        response.close();
    }

    private static HttpHeaders.Builder toModel(Headers fields) {
        HttpHeaders.Builder headers = HttpHeaders.builder();
        for (int i = 0; i < fields.size(); i++) {
            headers.add(fields.name(i), fields.value(i));
        }
        return headers;
    }
}
