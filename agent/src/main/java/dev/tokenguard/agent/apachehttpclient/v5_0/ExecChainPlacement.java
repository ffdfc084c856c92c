package dev.tokenguard.agent.apachehttpclient.v5_0;

import java.util.List;
import org.apache.hc.client5.http.impl.ChainElement;
import org.apache.hc.core5.http.config.NamedElementChain;

/**
 * Where tokenguard's handler goes in an HttpClient 5 exec chain: right below the redirect element,
 * or first when redirects are disabled (then there is none).
 *
 * <p>Below redirect: the handler sees each hop of a redirected call with that hop's target, so a
 * hop to a host that is not a carrier's passes untouched; and the redirect element builds each new
 * hop from the application's original request, which never carries the headers tokenguard set, so
 * a bearer cannot follow a redirect off the carrier's host. Above everything else: a synthetic
 * answer reaches the application without passing the retry element, whose default strategy would
 * retry a 503 refusal after its {@code Retry-After}, and a replay re-enters the chain below.
 *
 * <p>A second, passive element goes right below the retry element: the retry element answers a
 * carrier's 429 by sending the call again, so the element above would never see that 429
 * ({@link RetriedResponses}).
 */
final class ExecChainPlacement {
    static final String NAME = "tokenguard";

    private ExecChainPlacement() {}

    /**
     * @param retried the element that goes right below the retry element, where there is one
     *                ({@link RetriedResponses})
     */
    static <E> void insert(NamedElementChain<E> chain, E handler, E retried) {
        if (chain.find(NAME) != null) {
            return;
        }
        if (chain.find(ChainElement.REDIRECT.name()) != null) {
            chain.addAfter(ChainElement.REDIRECT.name(), handler, NAME);
        } else {
            chain.addFirst(handler, NAME);
        }
        if (chain.find(ChainElement.RETRY.name()) != null) {
            chain.addAfter(ChainElement.RETRY.name(), retried, RetriedResponses.NAME);
        }
    }

    /**
     * The same place in a chain already linked (a client built before tokenguard was attached), given
     * its handlers outermost first: the index right after the redirect handler, or 0 where there is none.
     */
    static int linkedIndex(List<?> handlers, Class<?> redirect) {
        for (int i = 0; i < handlers.size(); i++) {
            if (redirect.isInstance(handlers.get(i))) {
                return i + 1;
            }
        }
        return 0;
    }
}
