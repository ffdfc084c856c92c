package dev.tokenguard.agent.apachehttpclient.v4_5;

import java.net.URI;
import java.util.List;
import org.apache.http.client.methods.HttpRequestWrapper;
import org.apache.http.client.protocol.HttpClientContext;

/**
 * Keeps a carrier token off a redirect to a host that is not a carrier's, whoever put it on the
 * request. HttpClient 4.5's redirect element copies every header field of the application's request
 * to each hop, {@code Authorization} included, whatever the hop's host; a bearer the application set
 * for the carrier would leave for the other host (the JDK's clients and OkHttp drop it there).
 *
 * <p>4.5 has no id per call, but its redirect element empties the context's redirect locations when a
 * call starts and adds one per redirect: a hop with locations is a redirect, one without is a call's
 * first. The context remembers whether the call sent a hop to a carrier since its first hop.
 */
final class OffCarrierRedirects {
    private static final String CARRIER_HOP = "dev.tokenguard.carrier-hop";

    private OffCarrierRedirects() {}

    /** A hop goes to a carrier. */
    static void carrierHop(HttpClientContext context) {
        context.setAttribute(CARRIER_HOP, Boolean.TRUE);
    }

    /**
     * A hop goes to a host that is not a carrier's: drops {@code Authorization} from it where it is a
     * redirect of a call that sent an earlier hop to a carrier. The hop's request is a wrapper with its
     * own header fields, so the application's request keeps its own; the client's retry element
     * restores the wrapper's fields before it sends it again, and this runs again then.
     */
    static void otherHostHop(HttpClientContext context, HttpRequestWrapper request) {
        List<URI> redirects = context.getRedirectLocations();
        if (redirects == null || redirects.isEmpty()) {
            context.removeAttribute(CARRIER_HOP); // the first hop of a call: what an earlier call did is past
        } else if (context.getAttribute(CARRIER_HOP) != null) {
            request.removeHeaders("Authorization");
        }
    }
}
