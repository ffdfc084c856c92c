package dev.tokenguard.agent.apachehttpclient.v5_0;

import dev.tokenguard.agent.library.AdapterFailures;
import dev.tokenguard.core.http.Exchange;
import dev.tokenguard.core.http.HttpHeaders;
import dev.tokenguard.core.http.RequestGuard;
import org.apache.hc.core5.http.HttpResponse;
import org.apache.hc.core5.http.protocol.HttpContext;

/**
 * What tokenguard's elements below HttpClient 5's retry element share ({@link RetriedClassic},
 * {@link RetriedAsync}). The retry element's default strategy answers a carrier's 429 by sending the
 * call again after its {@code Retry-After}, so tokenguard's own element, above it, would see only the
 * retry's answer, and the other callers' calls would not pause. Tokenguard's element puts the exchange
 * of the call it let through in the context; the element below tells agent-core of each 429 it sees.
 */
final class RetriedResponses {
    static final String NAME = "tokenguard-retried";
    /** The context attribute holding the exchange of the carrier call under way, set by tokenguard's element. */
    static final String EXCHANGE = "dev.tokenguard.exchange";

    private RetriedResponses() {}

    static void inFlight(HttpContext context, Exchange exchangeOrNull) {
        try {
            context.setAttribute(EXCHANGE, exchangeOrNull);
        } catch (RuntimeException | LinkageError e) {
            AdapterFailures.report(Apache5Messages.LIBRARY, e);
        }
    }

    /** Tells agent-core of a 429 the retry element may answer itself; never throws. */
    static void seen(HttpContext context, RequestGuard guard, HttpResponse response, String errorBody) {
        try {
            if (guard != null && context.getAttribute(EXCHANGE) instanceof Exchange exchange) {
                HttpHeaders headers = Apache5Messages.responseHeaders(response);
                guard.onRetried429(exchange, headers, errorBody);
            }
        } catch (RuntimeException | LinkageError e) {
            AdapterFailures.report(Apache5Messages.LIBRARY, e);
        }
    }
}
