package dev.tokenguard.agent.library;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tokenguard.agent.ScriptedGuard;
import dev.tokenguard.core.http.HttpHeaders;
import dev.tokenguard.core.http.OutboundRequest;
import dev.tokenguard.core.http.SyntheticResponse;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class BlockingExchangeTest {

    /** A client whose requests and responses are strings, and whose answers cannot be built. */
    private static final class BrokenAnswers extends BlockingExchange<String, String, RuntimeException> {
        final List<String> sent = new ArrayList<>();

        BrokenAnswers() {
            super("test-client");
        }

        @Override
        protected String prepare(String request) {
            return request;
        }

        @Override
        protected OutboundRequest describe(String prepared) {
            return new OutboundRequest("POST", URI.create("https://carrier.example/oauth/token"), HttpHeaders.EMPTY,
                    prepared.getBytes(StandardCharsets.UTF_8));
        }

        @Override
        protected boolean isReplayable(String prepared) {
            return true;
        }

        @Override
        protected String withHeaders(String prepared, HttpHeaders setHeaders) {
            return prepared;
        }

        @Override
        protected String proceed(String request) {
            sent.add(request);
            return "200 from the carrier";
        }

        @Override
        protected String answer(String prepared, SyntheticResponse response) {
            throw new IllegalStateException("adapter bug");
        }

        @Override
        protected int status(String response) {
            return 200;
        }

        @Override
        protected HttpHeaders responseHeaders(String response) {
            return HttpHeaders.EMPTY;
        }

        @Override
        protected void discard(String response) {
        }

        @Override
        protected String errorBody(String response) {
            return null;
        }
    }

    @Test
    void anAnswerThatCannotBeBuiltFailsTheCallAndNeverSendsIt() {
        ScriptedGuard guard = new ScriptedGuard().decide(request -> GuardScripts.refusal(30));
        BrokenAnswers exchange = new BrokenAnswers();

        IOException thrown = assertThrows(IOException.class,
                () -> exchange.send(guard, "grant_type=client_credentials&client_secret=s3cret"));

        assertTrue(exchange.sent.isEmpty(), "the answered request must not reach the carrier");
        assertTrue(thrown.getMessage().contains("tokenguard could not build its answer"));
        assertFalse(thrown.getMessage().contains("s3cret"));
        assertEquals(1, guard.decided.size());
    }
}
