package dev.tokenguard.agent.library;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.SequenceInputStream;
import java.io.UncheckedIOException;

/**
 * Reads the body of a blocking client's request entity for agent-core, never more than
 * {@link BlockingExchange#MAX_BUFFERED_BODY}: Apache HttpClient 4.5 and 5 have entities of the same
 * shape in different types, and each adapter sees its own through {@link Entity}.
 *
 * <p>A token request must be read whatever its entity is: agent-core keys the token cache by the
 * form's credentials, and refuses a token request it cannot read. google-oauth-client's entity over
 * HttpClient 5 is one-shot ({@code isRepeatable() == false}) and supports only {@code writeTo}; such
 * an entity is written once into memory and the copy is what gets sent. A repeatable entity is
 * written and left in place. An entity declared longer than the limit is not touched; one of unknown
 * length is read up to the limit, through {@code getContent()} if it is one-shot, so that a longer
 * one can still be sent whole: what was read, then the rest.
 */
public final class EntityBodies {

    private EntityBodies() {}

    /** A client's request entity, as far as reading it goes. */
    public interface Entity {

        /** The declared length, or a negative number where it is unknown. */
        long length();

        boolean repeatable();

        void writeTo(OutputStream out) throws IOException;

        /** The content as a stream; may throw {@link UnsupportedOperationException}, as some entities do. */
        InputStream content() throws IOException;
    }

    /**
     * What was read.
     *
     * @param bytes   the whole body, or null where it was not read whole (larger than the limit)
     * @param replace where the entity can no longer be sent itself (a one-shot entity that was read): the
     *                content to send in its place, else null
     */
    public record Read(byte[] bytes, InputStream replace) {

        static final Read UNREAD = new Read(null, null);

        /** Whether the body can be sent again (after a 401): it is in memory, or the entity is repeatable. */
        public boolean inMemory() {
            return bytes != null;
        }
    }

    /**
     * @throws UncheckedIOException a repeatable entity failed to write: nothing was consumed
     * @throws IOException          a one-shot entity failed to write, or wrote more than it declared: what
     *                              it wrote is gone, so the call fails as it would have when sent
     */
    public static Read read(Entity entity) throws IOException {
        long length = entity.length();
        if (length > BlockingExchange.MAX_BUFFERED_BODY) {
            return Read.UNREAD;
        }
        if (entity.repeatable()) {
            try {
                return new Read(written(entity), null);
            } catch (IOException e) {
                // Nothing is lost: a repeatable entity writes again when the client sends it. Unchecked,
                // so that the adapter counts it as its own failure and sends the request as it is.
                throw new UncheckedIOException(e);
            }
        }
        if (length >= 0) {
            // One-shot and small: written once, so the copy is what gets sent from here on.
            byte[] bytes = written(entity);
            if (bytes == null) {
                throw new IOException("tokenguard read a one-shot request entity that wrote more than its declared length of " + length);
            }
            return new Read(bytes, new ByteArrayInputStream(bytes));
        }
        return readStart(entity);
    }

    /** A one-shot entity of unknown length: read from its stream up to the limit, the rest left to the network. */
    private static Read readStart(Entity entity) throws IOException {
        InputStream in;
        try {
            in = entity.content();
        } catch (UnsupportedOperationException | IllegalStateException e) {
            return Read.UNREAD; // only writeTo, and no length to bound it: sent as the application made it
        }
        byte[] start = in.readNBytes(BlockingExchange.MAX_BUFFERED_BODY + 1);
        if (start.length <= BlockingExchange.MAX_BUFFERED_BODY) {
            in.close();
            return new Read(start, new ByteArrayInputStream(start));
        }
        return new Read(null, new SequenceInputStream(new ByteArrayInputStream(start), in));
    }

    /** What the entity writes, or null where it writes more than the limit (it is stopped there). */
    private static byte[] written(Entity entity) throws IOException {
        Capped out = new Capped();
        try {
            entity.writeTo(out);
        } catch (Capped.Exceeded e) {
            return null;
        }
        return out.toByteArray();
    }

    /** Takes at most the limit, and stops a writer that goes beyond it. */
    private static final class Capped extends OutputStream {
        private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();

        /** Thrown through the entity's {@code writeTo} to stop it; no stack trace, it is no failure. */
        static final class Exceeded extends IOException {
            Exceeded() {
                super("request body beyond tokenguard's limit");
            }

            @Override
            public synchronized Throwable fillInStackTrace() {
                return this;
            }
        }

        @Override
        public void write(int b) throws IOException {
            write(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            if (bytes.size() + len > BlockingExchange.MAX_BUFFERED_BODY) {
                throw new Exceeded();
            }
            bytes.write(b, off, len);
        }

        byte[] toByteArray() {
            return bytes.toByteArray();
        }
    }
}
