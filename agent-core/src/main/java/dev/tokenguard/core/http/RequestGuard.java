package dev.tokenguard.core.http;

/**
 * The one entry point of agent-core that the per-client adapters call. Implementations never throw
 * to the caller for a request they cannot judge: they answer {@link Decision#PASS} for traffic that
 * is not a carrier's and a refusal for carrier traffic.
 */
public interface RequestGuard {

    /**
     * The cheap first check on the hot path: whether host and port belong to a configured carrier.
     * Adapters call it before building an {@link OutboundRequest}, so that other traffic costs one
     * hash lookup. The port is the effective one (443 or 80 where the URL names none).
     */
    boolean isCarrierHost(String host, int port);

    /**
     * Decides a request of a caller that may block (a blocking client's calling thread): where the
     * request needs a token that is on its way, it waits for it, at most the token call's own timeout.
     */
    Decision decide(OutboundRequest request);

    /**
     * Decides a request of a caller that must not block (an asynchronous client's calling thread, I/O
     * thread or executor): where {@link #decide} would wait, it answers {@link Decision.Later} at once.
     */
    Decision decideWithoutBlocking(OutboundRequest request);

    /**
     * What an adapter can do with an {@link AfterResponse.Replay}, told with each response so that
     * agent-core neither waits where the caller must not block nor takes a kill-switch admission (which
     * may be the one probe) for a replay that will not be sent.
     */
    enum Replays {
        /** The request cannot be sent again (a streamed body, or it is itself the replay). */
        NEVER,
        /**
         * The caller must not block (an asynchronous client's I/O thread or executor): a replay only
         * with a newer token already current; otherwise the renewal starts in the background and the
         * 401 goes to the application.
         */
        WITHOUT_WAITING,
        /** The caller may block (a blocking client's calling thread): a replay may wait for a renewal. */
        AFTER_RENEWAL
    }

    /**
     * The carrier answered a request that {@link #decide} let proceed.
     *
     * @param replays what the adapter can do with a replay; agent-core answers
     *                {@link AfterResponse#DONE} where it can do none
     */
    AfterResponse onResponse(Exchange exchange, int status, HttpHeaders responseHeaders, Replays replays);

    /**
     * The same, for a 429 without {@code Retry-After} whose body the adapter read: some carriers write
     * when to come back only there (FedEx's daily quota: "Retry after 12:00AM GMT").
     *
     * @param errorBody the start of the body, at most {@link #ERROR_BODY_CHARS} characters, or null
     */
    default AfterResponse onResponse(Exchange exchange, int status, HttpHeaders responseHeaders, String errorBody,
            Replays replays) {
        return onResponse(exchange, status, responseHeaders, replays);
    }

    /**
     * The carrier answered 429 to a request that {@link #decide} let proceed, and the client sends it
     * again by itself, below the adapter (HttpClient 5's retry strategy): the response reported later
     * is the retry's. The scope of the call pauses as for a 429 reported there.
     *
     * @param errorBody as for {@link #onResponse(Exchange, int, HttpHeaders, String, Replays)}
     */
    default void onRetried429(Exchange exchange, HttpHeaders responseHeaders, String errorBody) {
    }

    /** How much of a 429's body an adapter reads for {@link #onResponse(Exchange, int, HttpHeaders, String, Replays)}. */
    int ERROR_BODY_CHARS = 4096;

    /** Whether an adapter should read the body of this response for agent-core: a 429 that names no {@code Retry-After}. */
    static boolean wantsErrorBody(int status, HttpHeaders responseHeaders) {
        return status == 429 && (responseHeaders == null || responseHeaders.first("retry-after") == null);
    }

    /** The request failed without an HTTP status (connect error, timeout, cancellation). */
    void onFailure(Exchange exchange, Throwable error);
}
