package dev.tokenguard.agent.urlconnection;

import dev.tokenguard.agent.library.AdapterFailures;
import dev.tokenguard.agent.library.BlockingExchange;
import dev.tokenguard.bootstrap.Bridge;
import dev.tokenguard.core.http.Decision;
import dev.tokenguard.core.http.Exchange;
import dev.tokenguard.core.http.HttpHeaders;
import dev.tokenguard.core.http.RequestGuard.Replays;
import java.io.IOException;
import java.io.OutputStream;
import java.net.HttpURLConnection;

/**
 * The one hop of a request whose body is larger than tokenguard holds in memory
 * ({@link BlockingExchange#MAX_BUFFERED_BODY}; no token request is): decided without its body, then
 * sent as the application writes it, in the streaming mode the application chose. It cannot be sent
 * again, so the guard hears its response with {@link Replays#NEVER}, and its redirects are the JDK's
 * to follow, as without tokenguard (in streaming mode the JDK follows none; otherwise it drops
 * {@code Authorization} when the host changes).
 */
final class StreamedHop {

    private final HopSender sender;
    private final HopRequest request;
    /** The guard's answer, or a failure to build it; null where the request goes to the network. */
    private final ConnectionResponse answered;
    private final HttpURLConnection real;
    /** The guard's exchange, or null where the guard let the request pass. */
    private final Exchange exchange;
    private final OutputStream body;

    private StreamedHop(HopSender sender, HopRequest request, ConnectionResponse answered, HttpURLConnection real,
            Exchange exchange, OutputStream body) {
        this.sender = sender;
        this.request = request;
        this.answered = answered;
        this.real = real;
        this.exchange = exchange;
        this.body = body;
    }

    /**
     * Decides {@code request} (its body not held) and opens it.
     *
     * @throws IOException the JDK's failure to open the connection for the body, as without tokenguard
     */
    static StreamedHop start(HopSender sender, HopRequest request) throws IOException {
        Decision decision = sender.decide(request, false);
        try {
            return started(sender, request, decision);
        } catch (RuntimeException | LinkageError e) {
            AdapterFailures.report(CarrierConnections.LIBRARY, e);
            if (decision instanceof Decision.Answer) {
                // An answered request is never sent: the call fails as one without a response.
                return answered(sender, request, new FailedResponse(BlockingExchange.answerFailed(), request.url()));
            }
            // Nothing has reached the network yet: the request goes as the application made it.
            return started(sender, request, Decision.PASS);
        }
    }

    private static StreamedHop started(HopSender sender, HopRequest request, Decision decision) throws IOException {
        if (decision instanceof Decision.Answer answer) {
            return answered(sender, request, sender.answer(answer, request.url()));
        }
        Decision.Proceed proceed = decision instanceof Decision.Proceed p ? p : null;
        boolean entered = Bridge.enter();
        try {
            HopConnections connections = sender.connections();
            HttpURLConnection real = connections.open(request, proceed != null ? proceed.setHeaders() : HttpHeaders.EMPTY,
                    connections.followsRedirects());
            connections.applyStreamingMode(real);
            real.setDoOutput(true);
            sender.markSent();
            OutputStream body;
            try {
                body = real.getOutputStream();
            } catch (IOException e) {
                if (proceed != null) {
                    sender.reportFailure(proceed.exchange(), e);
                }
                throw e;
            }
            return new StreamedHop(sender, request, null, real, proceed != null ? proceed.exchange() : null, body);
        } finally {
            Bridge.exit(entered);
        }
    }

    /** The rest of the body is dropped: it has nowhere to go. */
    private static StreamedHop answered(HopSender sender, HopRequest request, ConnectionResponse response) {
        return new StreamedHop(sender, request, response, null, null, OutputStream.nullOutputStream());
    }

    /** Where the application's body goes from here on. */
    OutputStream body() {
        return body;
    }

    ConnectionResponse response() {
        if (answered != null) {
            return answered;
        }
        if (exchange == null) {
            return sender.live(real);
        }
        try {
            sender.reportResponse(exchange, real, Replays.NEVER);
            return sender.live(real);
        } catch (IOException e) {
            sender.reportFailure(exchange, e);
            return new FailedResponse(e, request.url());
        }
    }
}
