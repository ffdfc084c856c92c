package dev.tokenguard.agent.library;

import dev.tokenguard.core.http.RequestGuard;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.nio.charset.StandardCharsets;

/**
 * Reads the start of a response body for agent-core without taking it from the application: what
 * was read is put back in front of the rest. Only for a 429 without {@code Retry-After}
 * ({@link RequestGuard#wantsErrorBody}), whose body may say when to come back; a body is never read
 * beyond {@link RequestGuard#ERROR_BODY_CHARS} bytes.
 */
public final class ErrorBodies {

    private ErrorBodies() {}

    /**
     * @param text the start of the body, as UTF-8
     * @param body the stream to hand the application in place of the one read: the whole body
     */
    public record Peeked(String text, InputStream body) {}

    public static Peeked peek(InputStream body) throws IOException {
        byte[] start = body.readNBytes(RequestGuard.ERROR_BODY_CHARS);
        return new Peeked(new String(start, StandardCharsets.UTF_8),
                new SequenceInputStream(new ByteArrayInputStream(start), body));
    }

    /** The start of a body the client already read into memory: a {@code String} or {@code byte[]}, else null. */
    public static String of(Object body) {
        if (body instanceof String text) {
            return text.length() <= RequestGuard.ERROR_BODY_CHARS ? text : text.substring(0, RequestGuard.ERROR_BODY_CHARS);
        }
        if (body instanceof byte[] bytes) {
            return new String(bytes, 0, Math.min(bytes.length, RequestGuard.ERROR_BODY_CHARS), StandardCharsets.UTF_8);
        }
        return null;
    }
}
