package dev.tokenguard.agent.apachehttpclient.v5_0;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Set;
import org.apache.hc.core5.http.nio.AsyncEntityProducer;
import org.apache.hc.core5.http.nio.DataStreamChannel;

/**
 * A one-shot producer that tokenguard read only in part: sends what was read, then lets the producer
 * go on from where the read stopped. One-shot, like the producer it continues.
 */
final class ContinuedProducer implements AsyncEntityProducer {
    private final ByteBuffer start;
    private final AsyncEntityProducer rest;

    ContinuedProducer(byte[] start, AsyncEntityProducer rest) {
        this.start = ByteBuffer.wrap(start);
        this.rest = rest;
    }

    @Override
    public void produce(DataStreamChannel channel) throws IOException {
        // Called on the I/O reactor thread, one call at a time per exchange.
        while (start.hasRemaining()) {
            if (channel.write(start) == 0) {
                channel.requestOutput();
                return;
            }
        }
        rest.produce(channel);
    }

    @Override
    public int available() {
        return start.remaining() + rest.available();
    }

    @Override
    public boolean isRepeatable() {
        return false;
    }

    @Override
    public long getContentLength() {
        return rest.getContentLength();
    }

    @Override
    public String getContentType() {
        return rest.getContentType();
    }

    @Override
    public String getContentEncoding() {
        return rest.getContentEncoding();
    }

    @Override
    public boolean isChunked() {
        return rest.isChunked();
    }

    @Override
    public Set<String> getTrailerNames() {
        return rest.getTrailerNames();
    }

    @Override
    public void failed(Exception cause) {
        rest.failed(cause);
    }

    @Override
    public void releaseResources() {
        rest.releaseResources();
    }
}
