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

    Decision decide(OutboundRequest request);

    /** The carrier answered a request that {@link #decide} let proceed. */
    AfterResponse onResponse(Exchange exchange, int status, HttpHeaders responseHeaders);

    /** The request failed without an HTTP status (connect error, timeout, cancellation). */
    void onFailure(Exchange exchange, Throwable error);
}
