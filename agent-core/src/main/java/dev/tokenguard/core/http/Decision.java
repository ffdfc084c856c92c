package dev.tokenguard.core.http;

import java.util.concurrent.CompletionStage;

/**
 * What agent-core decided for one outbound request. Adapters act on it and nothing else.
 */
public sealed interface Decision {

    /** Not a carrier request: the adapter sends it untouched and reports nothing back. */
    Pass PASS = new Pass();

    final class Pass implements Decision {
        private Pass() {}
    }

    /**
     * Send the request with these header fields set (replacing any of the same name; empty when
     * nothing changes), then report the response status with {@code RequestGuard#onResponse}.
     */
    record Proceed(HttpHeaders setHeaders, Exchange exchange) implements Decision {}

    /**
     * Do not touch the network: answer the application with this response. Used for suppressed
     * token renewals (a token from the cache), for the carrier's answer to tokenguard's own token
     * call, and for refusals (kill-switch, limiter), which carry an {@code X-Tokenguard} field.
     */
    record Answer(SyntheticResponse response) implements Decision {}

    /**
     * Only from {@code RequestGuard#decideWithoutBlocking}: the decision needs a token that is on its
     * way (a renewal in flight, or one just started). The stage completes, on whichever thread brings
     * the token, with the decision (a {@link Proceed} or an {@link Answer}, never another Later); the
     * adapter goes on from there instead of blocking its caller.
     */
    record Later(CompletionStage<Decision> decision) implements Decision {}
}
