package dev.tokenguard.agent.okhttp.v3_0;

import dev.tokenguard.agent.AnswerHeaders;
import dev.tokenguard.agent.library.BlockingExchange;
import dev.tokenguard.core.http.HttpHeaders;
import dev.tokenguard.core.http.OutboundRequest;
import dev.tokenguard.core.http.RequestGuard;
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
import okio.BufferedSink;
import okio.ForwardingSink;
import okio.Okio;

/**
 * One carrier call through OkHttp, translated to and from agent-core's model.
 *
 * <p>Uses only API present in both OkHttp 3 and 4. Replayability is decided by buffering: a body of
 * known, small length is read once into memory and replaced by an in-memory copy (same bytes, same
 * media type), which can be sent any number of times. So is a body of unknown length that OkHttp may
 * write more than once ({@code isOneShot()}, since 3.14), if it writes no more than the limit: a token
 * request's form must be read whatever the body's kind. Any other body is sent as it is and never
 * replayed.
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
        if (length > MAX_BUFFERED_BODY || length < 0 && !writesAgain(original)) {
            return request;
        }
        byte[] read = length >= 0 ? written(original) : writtenUpToLimit(original);
        if (read == null) {
            return request;
        }
        body = read;
        replayable = true;
        return request.newBuilder().method(request.method(), RequestBody.create(original.contentType(), body)).build();
    }

    /** Whether OkHttp may write the body more than once; before 3.14 it had no one-shot bodies. */
    private static boolean writesAgain(RequestBody body) {
        try {
            return !body.isOneShot();
        } catch (NoSuchMethodError e) {
            return true;
        }
    }

    private static byte[] written(RequestBody body) throws IOException {
        Buffer buffer = new Buffer();
        body.writeTo(buffer);
        return buffer.readByteArray();
    }

    /**
     * A body of unknown length, read only up to the limit: null where it writes more, and is stopped
     * there (it can be, since it writes again when OkHttp sends it).
     */
    private static byte[] writtenUpToLimit(RequestBody body) throws IOException {
        Buffer buffer = new Buffer();
        BufferedSink capped = Okio.buffer(new ForwardingSink(buffer) {
            @Override
            public void write(Buffer source, long byteCount) throws IOException {
                if (buffer.size() + byteCount > MAX_BUFFERED_BODY) {
                    throw new BeyondLimit();
                }
                super.write(source, byteCount);
            }
        });
        try {
            body.writeTo(capped);
            capped.flush();
        } catch (BeyondLimit e) {
            return null;
        }
        return buffer.readByteArray();
    }

    /** Stops a body's {@code writeTo} at the limit; no stack trace, it is no failure. */
    private static final class BeyondLimit extends IOException {
        @Override
        public synchronized Throwable fillInStackTrace() {
            return this;
        }
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

    @Override
    protected String errorBody(Response response) throws IOException {
        // A copy: the application's body is left unread.
        return response.peekBody(RequestGuard.ERROR_BODY_CHARS).string();
    }

    private static HttpHeaders.Builder toModel(Headers fields) {
        HttpHeaders.Builder headers = HttpHeaders.builder();
        for (int i = 0; i < fields.size(); i++) {
            headers.add(fields.name(i), fields.value(i));
        }
        return headers;
    }
}
