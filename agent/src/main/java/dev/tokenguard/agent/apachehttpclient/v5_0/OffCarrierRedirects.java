package dev.tokenguard.agent.apachehttpclient.v5_0;

import org.apache.hc.core5.http.HttpRequest;
import org.apache.hc.core5.http.protocol.HttpContext;

/**
 * Keeps a carrier token off a redirect to a host that is not a carrier's, whoever put it on the
 * request. HttpClient 5's redirect element copies every header field of the application's request to
 * each hop, {@code Authorization} included, whatever the hop's host; a bearer the application set for
 * the carrier would leave for the other host (the JDK's clients and OkHttp drop it there).
 *
 * <p>A call's hops share its exchange id, so the context remembers the id of the last call that sent
 * a hop to a carrier: a later hop of that call to another host is a redirect off the carrier (or a
 * retry of one), and goes without {@code Authorization}.
 */
final class OffCarrierRedirects {
    private static final String CARRIER_EXCHANGE = "dev.tokenguard.carrier-exchange";

    private OffCarrierRedirects() {}

    /** A hop of call {@code exchangeId} goes to a carrier. */
    static void carrierHop(HttpContext context, String exchangeId) {
        context.setAttribute(CARRIER_EXCHANGE, exchangeId);
    }

    /**
     * A hop of call {@code exchangeId} goes to a host that is not a carrier's: drops {@code Authorization}
     * from it where an earlier hop of the call went to a carrier. The request is the redirect element's
     * copy, never the application's own: the first hop of a call is never stripped.
     *
     * @return whether the field was dropped
     */
    static boolean otherHostHop(HttpContext context, String exchangeId, HttpRequest request) {
        if (!exchangeId.equals(context.getAttribute(CARRIER_EXCHANGE))) {
            return false;
        }
        request.removeHeaders("Authorization");
        return true;
    }
}
