package dev.tokenguard.agent.urlconnection;

import dev.tokenguard.agent.library.AdapterFailures;
import dev.tokenguard.agent.library.BlockingExchange;
import dev.tokenguard.agent.library.ErrorBodies;
import dev.tokenguard.bootstrap.Bridge;
import dev.tokenguard.core.http.AfterResponse;
import dev.tokenguard.core.http.Decision;
import dev.tokenguard.core.http.Exchange;
import dev.tokenguard.core.http.HttpHeaders;
import dev.tokenguard.core.http.RequestGuard.Replays;
import dev.tokenguard.core.http.RequestGuard;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.HttpURLConnection;
import java.net.URISyntaxException;
import java.net.URL;

/**
 * Sends the hops of one {@link CarrierCall}, each decided on its own, on fresh JDK connections set up
 * from the application's settings:
 * <ul>
 * <li>{@code Answer}: no connection at all, the synthetic response is served ({@link AnsweredResponse}).
 * <li>{@code Proceed}: sent with the guard's header fields; after a 401 the guard may ask for one
 *     replay, which goes out on another fresh connection. The JDK does not follow its redirects:
 *     {@link RedirectFollower} does.
 * <li>{@code PASS}: sent as the application set it up, streaming mode and redirects included.
 * </ul>
 * It remembers how far the call got, for a failure of tokenguard's own code in the middle of it
 * ({@link #afterOwnFailure}). Used under the call's lock.
 */
final class HopSender {

    /** What one hop came to. */
    sealed interface Hop permits Done, Proceeded {}

    /** A response to hand to the application as it is. */
    record Done(ConnectionResponse response) implements Hop {}

    /** The carrier's response to a hop the guard let proceed: it may be a redirect to follow. */
    record Proceeded(HttpURLConnection connection) implements Hop {}

    private final RequestGuard guard;
    private final HopConnections connections;
    /** Whether the guard answered a hop of this call: such a hop never reaches the network. */
    private boolean answered;
    /** Whether a request of this call may have reached the network, so that it must not be sent again. */
    private boolean sent;
    /** The last response received that was not discarded, or null. */
    private HttpURLConnection received;
    /** The connection whose error body tokenguard read the start of, and that whole body to give instead. */
    private HttpURLConnection peekedFrom;
    private InputStream peekedError;

    HopSender(RequestGuard guard, HopConnections connections) {
        this.guard = guard;
        this.connections = connections;
    }

    HopConnections connections() {
        return connections;
    }

    /** Decides and sends a hop whose body, if any, is in memory. */
    Hop send(HopRequest request) {
        Decision decision = decide(request, true);
        if (decision instanceof Decision.Answer answer) {
            return new Done(answer(answer, request.url()));
        }
        if (decision instanceof Decision.Proceed proceed) {
            return proceed(request, proceed);
        }
        return new Done(pass(request));
    }

    /**
     * After a failure of tokenguard's own code: the request as the application made it, but only if
     * nothing went out and the guard answered nothing. A hop the guard answered is never sent (a token
     * request would pass the limiter and the kill-switch): the call fails as one without a response.
     * Once a request was sent (a first send, a replay, a redirect hop), sending it again could
     * duplicate a POST (a second shipment): the application gets the response already received, or a
     * failure.
     */
    ConnectionResponse afterOwnFailure(HopRequest request) {
        if (answered) {
            return new FailedResponse(BlockingExchange.answerFailed(), request.url());
        }
        if (!sent) {
            return pass(request);
        }
        if (received != null) {
            return live(received);
        }
        return new FailedResponse(new IOException(
                "tokenguard failed after the request was sent; it is not sent again"), request.url());
    }

    /**
     * The guard's decision, or PASS where the host is no carrier's or the guard failed.
     *
     * @param bodyRead false where the request has a body that tokenguard does not hold
     */
    Decision decide(HopRequest request, boolean bodyRead) {
        try {
            RequestGuard hopGuard = CarrierConnections.guardFor(request.url());
            return hopGuard == null ? Decision.PASS : hopGuard.decide(request.toOutbound(bodyRead));
        } catch (RuntimeException | LinkageError | URISyntaxException e) {
            AdapterFailures.report(CarrierConnections.LIBRARY, e);
            return Decision.PASS;
        }
    }

    /** The synthetic response; marks the call as answered first, so that a failure here never sends it. */
    ConnectionResponse answer(Decision.Answer answer, URL url) {
        answered = true;
        return new AnsweredResponse(answer.response(), url, connections.doInput());
    }

    private ConnectionResponse pass(HopRequest request) {
        boolean entered = Bridge.enter();
        try {
            HttpURLConnection real = connections.open(request, HttpHeaders.EMPTY, connections.followsRedirects());
            if (request.body() != null) {
                connections.applyStreamingMode(real);
            }
            markSent();
            HopConnections.write(real, request.body());
            return live(real);
        } catch (IOException e) {
            return new FailedResponse(e, request.url());
        } finally {
            Bridge.exit(entered);
        }
    }

    private Hop proceed(HopRequest request, Decision.Proceed proceed) {
        try {
            HttpURLConnection real = send(request, proceed.setHeaders(), proceed.exchange());
            // The body is held in memory, and the calling thread is the application's: a replay may wait.
            if (reportResponse(proceed.exchange(), real, Replays.AFTER_RENEWAL) instanceof AfterResponse.Replay replay) {
                discard(real);
                real = send(request, replay.setHeaders(), replay.exchange());
                // Once only: a second 401 goes to the application.
                reportResponse(replay.exchange(), real, Replays.NEVER);
            }
            return new Proceeded(real);
        } catch (IOException e) {
            return new Done(new FailedResponse(e, request.url()));
        }
    }

    /** Sends the request with the guard's header fields and reads the status; failures reach the guard. */
    private HttpURLConnection send(HopRequest request, HttpHeaders setHeaders, Exchange exchange) throws IOException {
        boolean entered = Bridge.enter();
        try {
            HttpURLConnection real = connections.open(request, setHeaders, false);
            markSent();
            HopConnections.write(real, request.body());
            real.getResponseCode();
            received = real;
            return real;
        } catch (IOException e) {
            reportFailure(exchange, e);
            throw e;
        } finally {
            Bridge.exit(entered);
        }
    }

    /** From here on the request may be on the wire. */
    void markSent() {
        sent = true;
        received = null;
    }

    AfterResponse reportResponse(Exchange exchange, HttpURLConnection real, Replays replays) throws IOException {
        int status = real.getResponseCode();
        try {
            HttpHeaders headers = HttpHeaders.of(real.getHeaderFields());
            String errorBody = RequestGuard.wantsErrorBody(status, headers) ? peekError(real) : null;
            return guard.onResponse(exchange, status, headers, errorBody, replays);
        } catch (RuntimeException | LinkageError e) {
            AdapterFailures.report(CarrierConnections.LIBRARY, e);
            return AfterResponse.DONE;
        }
    }

    /** The start of the error body, keeping the whole for the application ({@link #live}). */
    private String peekError(HttpURLConnection real) {
        try {
            InputStream error = real.getErrorStream();
            if (error == null) {
                return null;
            }
            ErrorBodies.Peeked peeked = ErrorBodies.peek(error);
            peekedFrom = real;
            peekedError = peeked.body();
            return peeked.text();
        } catch (IOException | RuntimeException e) {
            AdapterFailures.report(CarrierConnections.LIBRARY, e);
            return null;
        }
    }

    /** The response of a connection the application gets, with the error body read for agent-core put back. */
    LiveResponse live(HttpURLConnection real) {
        return new LiveResponse(real, real == peekedFrom ? peekedError : null);
    }

    void reportFailure(Exchange exchange, IOException error) {
        try {
            guard.onFailure(exchange, error);
        } catch (RuntimeException | LinkageError e) {
            AdapterFailures.report(CarrierConnections.LIBRARY, e);
        }
    }

    /** Reads a response that is not handed over to its end, so that its connection can be reused. */
    void discard(HttpURLConnection real) {
        if (received == real) {
            received = null; // its body is gone: not one to hand to the application
        }
        try (InputStream in = real.getResponseCode() >= 400 ? real.getErrorStream() : real.getInputStream()) {
            if (in != null) {
                in.transferTo(OutputStream.nullOutputStream());
            }
        } catch (IOException e) {
            real.disconnect(); // the response is dropped either way
        }
    }
}
