package dev.tokenguard.core.broker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

import dev.tokenguard.core.testing.ManualClock;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class KnownTokensTest {
    private static final long KEPT = TimeUnit.MINUTES.toNanos(10);

    private final ManualClock clock = new ManualClock();

    private Token token(String value, long expiresInSeconds) {
        TokenResponse response = TokenResponse.parse(("{\"access_token\":\"" + value
                + "\",\"token_type\":\"bearer\",\"expires_in\":" + expiresInSeconds + "}").getBytes(StandardCharsets.UTF_8));
        return Token.issue(null, response, 1, clock.nanoTime(), 0);
    }

    @Test
    void aTokenIsKnownUntilItsExpiryPlusTheKeptSpanThenForgotten() {
        KnownTokens known = new KnownTokens(10, KEPT, clock);
        Token token = token("a", 60);
        known.add(token);

        clock.advance(Duration.ofSeconds(60).plusMinutes(10).minusNanos(1));
        assertSame(token, known.find("a"));
        clock.advance(Duration.ofNanos(1));
        assertNull(known.find("a"));
        assertEquals(0, known.size(), "a forgotten token found is dropped");
    }

    @Test
    void whenFullTheTokenIssuedFirstGoes() {
        KnownTokens known = new KnownTokens(2, KEPT, clock);
        Token first = token("first", 3600);
        Token second = token("second", 60);
        known.add(first);
        known.add(second);
        known.add(token("third", 60));

        assertNull(known.find("first"), "the eldest goes, although it expires last");
        assertSame(second, known.find("second"));
        assertEquals(2, known.size());
    }

    @Test
    void aValueIssuedAgainCountsAsIssuedNow() {
        KnownTokens known = new KnownTokens(2, KEPT, clock);
        known.add(token("a", 60));
        known.add(token("b", 60));
        Token again = token("a", 60);
        known.add(again);
        known.add(token("c", 60));

        assertNull(known.find("b"));
        assertSame(again, known.find("a"));
    }

    @Test
    void theSweepDropsOnlyTheForgotten() {
        KnownTokens known = new KnownTokens(10, KEPT, clock);
        known.add(token("short", 1));
        Token lasting = token("lasting", 3600);
        known.add(lasting);

        clock.advance(Duration.ofSeconds(1).plusMinutes(10));
        known.removeForgotten();

        assertEquals(1, known.size());
        assertSame(lasting, known.find("lasting"));
    }
}
