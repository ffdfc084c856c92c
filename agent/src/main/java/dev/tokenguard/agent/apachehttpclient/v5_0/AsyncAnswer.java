package dev.tokenguard.agent.apachehttpclient.v5_0;

import dev.tokenguard.core.http.SyntheticResponse;
import java.io.IOException;
import java.nio.ByteBuffer;
import org.apache.hc.client5.http.async.AsyncExecCallback;
import org.apache.hc.core5.http.ContentType;
import org.apache.hc.core5.http.EntityDetails;
import org.apache.hc.core5.http.HttpException;
import org.apache.hc.core5.http.impl.BasicEntityDetails;
import org.apache.hc.core5.http.message.BasicHttpResponse;
import org.apache.hc.core5.http.nio.AsyncDataConsumer;

/**
 * A response agent-core made, played into an async exec callback the way the client's transport
 * plays a real one: {@code handleResponse}, the body into the returned consumer, {@code completed}.
 * The callback above tokenguard's handler is the client's own, so the application's
 * {@code AsyncResponseConsumer}, future and {@code FutureCallback} are completed by the client.
 */
final class AsyncAnswer {
    private final BasicHttpResponse response;
    private final EntityDetails entityDetails;
    private final byte[] body;

    AsyncAnswer(SyntheticResponse synthetic) {
        response = new BasicHttpResponse(synthetic.status(), synthetic.reason());
        Apache5Messages.addHeaders(response, synthetic);
        body = synthetic.body();
        ContentType contentType = Apache5Messages.contentType(synthetic);
        entityDetails = body.length == 0 ? null
                : new BasicEntityDetails(body.length, contentType);
    }

    void deliverTo(AsyncExecCallback callback) {
        try {
            AsyncDataConsumer consumer = callback.handleResponse(response, entityDetails);
            if (consumer != null) {
                consumer.updateCapacity(increment -> { });
                consumer.consume(ByteBuffer.wrap(body));
                consumer.streamEnd(null);
            }
            callback.completed();
        } catch (HttpException | IOException | RuntimeException e) {
            callback.failed(e);
        }
    }
}
