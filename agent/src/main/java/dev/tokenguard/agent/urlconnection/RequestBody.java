package dev.tokenguard.agent.urlconnection;

import dev.tokenguard.agent.library.BlockingExchange;
import java.io.IOException;
import java.io.OutputStream;
import java.util.Arrays;
import java.util.Objects;

/**
 * The body the application writes to a guarded connection. Held in memory while it is at most
 * {@link BlockingExchange#MAX_BUFFERED_BODY}, so that agent-core can read a token request's form and
 * a 401 can be replayed; beyond that (or when a fixed length beyond it was declared), the request is
 * started without it and the body streams to the network as it is written, never held whole.
 */
final class RequestBody extends OutputStream {

    /** Starts the request for a body that is not held, and gives the stream the body goes to. */
    interface Overflow {
        OutputStream start() throws IOException;
    }

    private final Overflow overflow;
    private final int limit;
    private byte[] bytes;
    private int count;
    private OutputStream streamed;
    private boolean closed;

    /** @param declaredLength the fixed length the application declared, or -1 */
    RequestBody(long declaredLength, Overflow overflow) {
        this.overflow = overflow;
        boolean fits = declaredLength <= BlockingExchange.MAX_BUFFERED_BODY;
        this.limit = fits ? BlockingExchange.MAX_BUFFERED_BODY : 0;
        // A declared length sizes the array exactly, so that held() hands it over without a copy.
        this.bytes = new byte[fits && declaredLength >= 0 ? (int) declaredLength : 512];
    }

    @Override
    public void write(int b) throws IOException {
        write(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
        Objects.checkFromIndexSize(off, len, b.length);
        if (closed) {
            throw new IOException("Stream is closed");
        }
        if (streamed == null && count + len > limit) {
            streamed = overflow.start();
            streamed.write(bytes, 0, count);
            bytes = null;
        }
        if (streamed != null) {
            streamed.write(b, off, len);
            return;
        }
        if (count + len > bytes.length) {
            bytes = Arrays.copyOf(bytes, Math.min(limit, Math.max(count + len, bytes.length * 2)));
        }
        System.arraycopy(b, off, bytes, count, len);
        count += len;
    }

    @Override
    public void flush() throws IOException {
        if (streamed != null) {
            streamed.flush();
        }
    }

    @Override
    public void close() throws IOException {
        if (closed) {
            return;
        }
        closed = true;
        if (streamed != null) {
            streamed.close();
        }
    }

    /** Whether the body went to the network as it was written (see {@link StreamedHop}). */
    boolean isStreamed() {
        return streamed != null;
    }

    /** The whole body; only where it is not streamed. */
    byte[] held() {
        return count == bytes.length ? bytes : Arrays.copyOf(bytes, count);
    }
}
