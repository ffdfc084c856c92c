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
     * the request once more with these header fields set, and report that response too. Answered
     * only to an adapter that said it can replay; its exchange holds a kill-switch admission (maybe
     * the one probe), so it must be sent, or reported with {@code RequestGuard#onFailure}.
     */
    record Replay(HttpHeaders setHeaders, Exchange exchange) implements AfterResponse {}
}
