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
 * Reads an async request body for agent-core, at most {@link BlockingExchange#MAX_BUFFERED_BODY}, as
 * {@link dev.tokenguard.agent.library.EntityBodies} does for the blocking clients: a token request
 * must be read whatever its producer (google-oauth-client's is one-shot).
 *
 * <p>A repeatable producer is released after the read and produces the same content again: that is
 * the contract of {@link AsyncEntityProducer#isRepeatable()}, which the client's redirect and retry
 * elements rely on too. A one-shot producer cannot give its content twice, so what was read takes its
 * place: a {@link CopiedProducer} when it was read to its end, else a {@link ContinuedProducer} that
 * sends what was read and then lets the producer go on (a body beyond the limit, or one that waits
 * for data from elsewhere).
 */
final class AsyncBodyCopy implements DataStreamChannel {
    private static final int MAX_ROUNDS = 64;

    /**
     * @param bytes    the whole body, empty when there is none, or null where it was not read whole
     * @param producer what to send from now on: the producer itself, or what takes its place
     */
    record Read(byte[] bytes, AsyncEntityProducer producer) {}

    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    private boolean ended;

    private AsyncBodyCopy() {}

    static Read read(AsyncEntityProducer producer) throws IOException {
        if (producer == null) {
            return new Read(new byte[0], null);
        }
        if (producer.getContentLength() > BlockingExchange.MAX_BUFFERED_BODY) {
            return new Read(null, producer);
        }
        AsyncBodyCopy copy = new AsyncBodyCopy();
        if (producer.isRepeatable()) {
            try {
                copy.drain(producer);
            } finally {
                producer.releaseResources();
            }
            return new Read(copy.ended ? copy.bytes.toByteArray() : null, producer);
        }
        copy.drain(producer);
        byte[] read = copy.bytes.toByteArray();
        return copy.ended
                ? new Read(read, new CopiedProducer(read, producer))
                : new Read(null, new ContinuedProducer(read, producer));
    }

    private void drain(AsyncEntityProducer producer) throws IOException {
        for (int round = 0; round < MAX_ROUNDS && !ended && bytes.size() < BlockingExchange.MAX_BUFFERED_BODY; round++) {
            producer.produce(this);
        }
    }

    @Override
    public void requestOutput() {
    }

    /** Takes what fits under the limit; the producer keeps the rest, as with a full socket buffer. */
    @Override
    public int write(ByteBuffer src) {
        int n = Math.min(src.remaining(), BlockingExchange.MAX_BUFFERED_BODY - bytes.size());
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
