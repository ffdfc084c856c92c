package dev.tokenguard.core.http;

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
     * token renewals (a token from the cache) and for refusals (kill-switch, limiter).
     */
    record Answer(SyntheticResponse response, Kind kind) implements Decision {}

    enum Kind { TOKEN, REFUSAL }
}
