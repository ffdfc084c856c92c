package dev.tokenguard.demo.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class TokenTest {

    private static final long RECEIVED = 1_000_000L;

    @Test
    void fedExNumericExpiresInIsCachedForExactlyThatLong() throws Exception {
        Token token = Token.parse("""
                {"access_token":"abc","token_type":"bearer","expires_in":3599,"scope":"CXS"}""", RECEIVED);

        assertEquals("abc", token.value());
        assertFalse(token.expiredAt(RECEIVED + TimeUnit.SECONDS.toNanos(3599) - 1));
        assertTrue(token.expiredAt(RECEIVED + TimeUnit.SECONDS.toNanos(3599)));
    }

    @Test
    void upsStringExpiresInIsReadAsSeconds() throws Exception {
        Token token = Token.parse("""
                {"token_type":"Bearer","issued_at":"1700000000000","access_token":"xyz",\
                "expires_in":"14399","status":"approved"}""", RECEIVED);

        assertEquals(RECEIVED + TimeUnit.SECONDS.toNanos(14399), token.expiresAtNanos());
    }

    @Test
    void aTokenResponseWithoutAccessTokenFailsTheCallAsOther() {
        CallFailedException e = assertThrows(CallFailedException.class,
                () -> Token.parse("{\"expires_in\":5}", RECEIVED));

        assertEquals(Failure.OTHER, e.failure());
    }
}
