package dev.tokenguard.agent.library;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.tokenguard.core.http.RequestGuard;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class ErrorBodiesTest {

    @Test
    void aPeekReadsTheStartAndTheApplicationStillReadsTheWholeBody() throws IOException {
        byte[] body = ("{\"message\":\"Retry after 12:00AM GMT\"}" + "x".repeat(10_000)).getBytes(StandardCharsets.UTF_8);

        ErrorBodies.Peeked peeked = ErrorBodies.peek(new ByteArrayInputStream(body));

        assertEquals(RequestGuard.ERROR_BODY_CHARS, peeked.text().length());
        assertEquals(new String(body, 0, RequestGuard.ERROR_BODY_CHARS, StandardCharsets.UTF_8), peeked.text());
        assertArrayEquals(body, peeked.body().readAllBytes());
    }

    @Test
    void aShortBodyIsReadWhole() throws IOException {
        ErrorBodies.Peeked peeked = ErrorBodies.peek(new ByteArrayInputStream("{}".getBytes(StandardCharsets.UTF_8)));

        assertEquals("{}", peeked.text());
        assertEquals("{}", new String(peeked.body().readAllBytes(), StandardCharsets.UTF_8));
    }

    @Test
    void aBodyTheClientMadeIsReadOnlyAsTextOrBytes() {
        assertEquals("quota", ErrorBodies.of("quota"));
        assertEquals("quota", ErrorBodies.of("quota".getBytes(StandardCharsets.UTF_8)));
        assertEquals(RequestGuard.ERROR_BODY_CHARS, ErrorBodies.of("y".repeat(9_000)).length());
        assertNull(ErrorBodies.of(new ByteArrayInputStream(new byte[1])), "a stream is the application's to read");
        assertNull(ErrorBodies.of(null));
    }
}
