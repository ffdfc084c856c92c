package dev.tokenguard.agent.apachehttpclient.v5_0;

import dev.tokenguard.agent.library.BlockingExchange;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.List;
import org.apache.hc.core5.http.Header;
import org.apache.hc.core5.http.nio.AsyncEntityProducer;
import org.apache.hc.core5.http.nio.DataStreamChannel;

/**
 * Reads a small, repeatable async request body for agent-core without taking it from the client.
 *
 * <p>Relies on the contract of {@link AsyncEntityProducer#isRepeatable()}: a repeatable producer
 * produces the same content again after {@code releaseResources()}, which the client's redirect
 * and retry elements rely on too. A producer that stops before the end (it waits for data from
 * elsewhere) is released and its body reported as unknown.
 */
final class AsyncBodyCopy implements DataStreamChannel {
    private static final int MAX_ROUNDS = 64;

    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    private boolean ended;

    private AsyncBodyCopy() {}

    /** The body, empty when there is none, or null when it cannot be read safely. */
    static byte[] read(AsyncEntityProducer producer) throws IOException {
        if (producer == null) {
            return new byte[0];
        }
        long length = producer.getContentLength();
        if (!producer.isRepeatable() || length < 0 || length > BlockingExchange.MAX_BUFFERED_BODY) {
            return null;
        }
        AsyncBodyCopy copy = new AsyncBodyCopy();
        try {
            for (int round = 0; round < MAX_ROUNDS && !copy.ended; round++) {
                producer.produce(copy);
            }
        } finally {
            producer.releaseResources();
        }
        return copy.ended ? copy.bytes.toByteArray() : null;
    }

    @Override
    public void requestOutput() {
    }

    @Override
    public int write(ByteBuffer src) {
        int n = src.remaining();
        if (bytes.size() + n > BlockingExchange.MAX_BUFFERED_BODY) {
            return 0;
        }
        byte[] chunk = new byte[n];
        src.get(chunk);
        bytes.write(chunk, 0, n);
        return n;
    }

    @Override
    public void endStream() {
        ended = true;
    }

    @Override
    public void endStream(List<? extends Header> trailers) {
        ended = true;
    }
}
