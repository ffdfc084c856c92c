package dev.tokenguard.agent.urlconnection;

import java.io.IOException;
import java.net.ProtocolException;

/**
 * Follows the redirects of a {@link CarrierCall} whose hops the guard lets proceed, rather than the
 * JDK: each hop is decided on its own ({@link HopSender}), so a token the guard attached for one host
 * never reaches another, and a hop to a host that is not a carrier's carries only what the
 * application set (less {@code Authorization} and cookies, as the JDK does when the destination
 * changes; see {@link Redirects}).
 */
final class RedirectFollower {

    private final HopSender sender;

    RedirectFollower(HopSender sender) {
        this.sender = sender;
    }

    /** The response to {@code first}: the last hop's, once no redirect is left to follow. */
    ConnectionResponse follow(HopRequest first) {
        HopRequest request = first;
        for (int followed = 0; ; followed++) {
            HopSender.Hop hop = sender.send(request);
            if (hop instanceof HopSender.Done done) {
                return done.response();
            }
            HopSender.Proceeded proceeded = (HopSender.Proceeded) hop;
            HopRequest next;
            try {
                next = sender.connections().followsRedirects() ? Redirects.next(request, proceeded.connection()) : null;
            } catch (IOException e) {
                return new FailedResponse(e, request.url());
            }
            if (next == null) {
                return sender.live(proceeded.connection());
            }
            sender.discard(proceeded.connection());
            if (followed == Redirects.MAX) {
                // The JDK's message, double space included.
                return new FailedResponse(new ProtocolException(
                        "Server redirected too many  times (" + Redirects.MAX + ")"), request.url());
            }
            request = next;
        }
    }
}
