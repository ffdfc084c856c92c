package dev.tokenguard.core.http;

/** What an adapter does once a carrier answered a request that agent-core let proceed. */
public sealed interface AfterResponse {

    /** Hand the response to the application as it is. */
    Done DONE = new Done();

    final class Done implements AfterResponse {
        private Done() {}
    }

    /**
     * The agent attached the token that the carrier refused, and a newer one is now current: send
     * the request once more with these header fields set, if its body can be sent again, and report
     * that response too. An adapter that cannot replay hands the 401 to the application instead.
     */
    record Replay(HttpHeaders setHeaders, Exchange exchange) implements AfterResponse {}
}
