package dev.tokenguard.agent.library;

import dev.tokenguard.core.http.AfterResponse;
import dev.tokenguard.core.http.Decision;
import dev.tokenguard.core.http.Exchange;
import dev.tokenguard.core.http.HttpHeaders;
import dev.tokenguard.core.http.OutboundRequest;
import dev.tokenguard.core.http.RequestGuard;
import dev.tokenguard.core.http.RequestGuard.Replays;
import dev.tokenguard.core.http.SyntheticResponse;
import java.io.IOException;

/**
 * One carrier request of a client that blocks for its response (OkHttp's interceptor chain, Apache
 * HttpClient's classic exec chains): ask agent-core, then answer, or send with the headers it set,
 * report the status, and send once more after a 401 when agent-core asks for a replay.
 *
 * <p>Subclasses translate between the client's types and agent-core's model and hold the client's
 * chain for the one call. This class decides which failures are whose: an exception from agent-core
 * or from the translation is tokenguard's own, so it is logged once ({@link AdapterFailures}) and the
 * request goes on unchanged; an exception from the client's chain is the application's, so it is
 * reported with {@link RequestGuard#onFailure} and rethrown unchanged. The one exception: a request
 * agent-core answered is never sent, so a failure to build the answer fails the call
 * ({@link #answerFailed()}). Catching {@link LinkageError}
 * as ours covers a client version that lacks a method the adapter calls.
 *
 * @param <Q> the client's request type
 * @param <R> the client's response type
 * @param <X> the checked exception the client's chain throws besides {@link IOException}
 */
public abstract class BlockingExchange<Q, R, X extends Exception> {

    /**
     * Bodies up to this size are read for agent-core, whatever their kind (a token request is a small
     * form whose credentials key the token cache), and kept for a replay; larger bodies are never held
     * whole: they are sent as they come and never replayed.
     */
    public static final int MAX_BUFFERED_BODY = 64 * 1024;

    private final String library;

    protected BlockingExchange(String library) {
        this.library = library;
    }

    /** Sends {@code request}, which the caller found to be for a carrier host. */
    public final R send(RequestGuard guard, Q request) throws IOException, X {
        Q prepared;
        Decision decision;
        try {
            prepared = prepare(request);
        } catch (RuntimeException | LinkageError e) {
            AdapterFailures.report(library, e);
            return proceed(request);
        }
        try {
            decision = guard.decide(describe(prepared));
        } catch (RuntimeException | LinkageError e) {
            AdapterFailures.report(library, e);
            return proceed(prepared);
        }
        if (decision instanceof Decision.Proceed proceed) {
            return sendAndReport(guard, prepared, proceed);
        }
        if (decision instanceof Decision.Answer answer) {
            try {
                return answer(prepared, answer.response());
            } catch (RuntimeException | LinkageError e) {
                // Never send a request agent-core answered: for a token request that would reach the
                // carrier past the limiter and the kill-switch. The call fails as one that got no
                // response does; the cause is logged, not put in the message (it may hold the answer).
                AdapterFailures.report(library, e);
                throw answerFailed();
            }
        }
        return proceed(prepared);
    }

    /**
     * The failure a call gets when agent-core answered it but the answer could not be made into the
     * client's response. Shared with the async adapters.
     */
    public static IOException answerFailed() {
        return new IOException("tokenguard could not build its answer to this request; the request was not sent");
    }

    private R sendAndReport(RequestGuard guard, Q prepared, Decision.Proceed proceed) throws IOException, X {
        R response = sendReportingFailure(guard, withHeadersOrAsIs(prepared, proceed.setHeaders()), proceed.exchange());
        // The calling thread is the application's, so a replay may wait for a renewal.
        Replays replays = isReplayable(prepared) ? Replays.AFTER_RENEWAL : Replays.NEVER;
        AfterResponse after = reportResponse(guard, proceed.exchange(), response, replays);
        if (replays == Replays.NEVER || !(after instanceof AfterResponse.Replay replay)) {
            return response;
        }
        discard(response);
        R replayed = sendReportingFailure(guard, withHeadersOrAsIs(prepared, replay.setHeaders()), replay.exchange());
        // Once only: a second 401 goes to the application.
        reportResponse(guard, replay.exchange(), replayed, Replays.NEVER);
        return replayed;
    }

    private R sendReportingFailure(RequestGuard guard, Q request, Exchange exchange) throws IOException, X {
        try {
            inFlight(exchange);
            return proceed(request);
        } catch (Throwable failure) {
            try {
                guard.onFailure(exchange, failure);
            } catch (RuntimeException | LinkageError e) {
                AdapterFailures.report(library, e);
            }
            throw failure;
        } finally {
            inFlight(null);
        }
    }

    private AfterResponse reportResponse(RequestGuard guard, Exchange exchange, R response, Replays replays) {
        try {
            int status = status(response);
            HttpHeaders headers = responseHeaders(response);
            String errorBody = RequestGuard.wantsErrorBody(status, headers) ? errorBodyOrNull(response) : null;
            return guard.onResponse(exchange, status, headers, errorBody, replays);
        } catch (RuntimeException | LinkageError e) {
            AdapterFailures.report(library, e);
            return AfterResponse.DONE;
        }
    }

    /** A body that cannot be read is no reason to keep the status from agent-core: it goes without. */
    private String errorBodyOrNull(R response) {
        try {
            return errorBody(response);
        } catch (IOException | RuntimeException | LinkageError e) {
            AdapterFailures.report(library, e);
            return null;
        }
    }

    private Q withHeadersOrAsIs(Q prepared, HttpHeaders setHeaders) {
        try {
            return setHeaders.names().isEmpty() ? prepared : withHeaders(prepared, setHeaders);
        } catch (RuntimeException | LinkageError e) {
            AdapterFailures.report(library, e);
            return prepared;
        }
    }

    /**
     * The request to work with from here on: the same one, or one whose small body was read into
     * memory so that it can be described and sent twice.
     */
    protected abstract Q prepare(Q request) throws IOException;

    protected abstract OutboundRequest describe(Q prepared);

    /** Whether {@code prepared} can be sent a second time (no body, or one that can be re-sent). */
    protected abstract boolean isReplayable(Q prepared);

    /**
     * A request like {@code prepared} with these fields set, replacing any of the same name. Called
     * once per send with the prepared request, so a client whose requests are mutable must undo the
     * previous call's changes first.
     */
    protected abstract Q withHeaders(Q prepared, HttpHeaders setHeaders);

    /** Hands the request to the rest of the client's chain. */
    protected abstract R proceed(Q request) throws IOException, X;

    /**
     * The exchange of the request being sent, for an element further down the client's chain
     * (HttpClient 5's, below its retry element); null once it is answered. Never throws.
     */
    protected void inFlight(Exchange exchangeOrNull) {
    }

    /** The client's own response object for a response agent-core made. */
    protected abstract R answer(Q prepared, SyntheticResponse response);

    protected abstract int status(R response);

    protected abstract HttpHeaders responseHeaders(R response);

    /** Releases a response the application will not see (its connection goes back to the pool). */
    protected abstract void discard(R response);

    /**
     * The start of the response's body ({@link ErrorBodies}), leaving the whole body to the
     * application; null where the client gives no way to read it without taking it.
     */
    protected abstract String errorBody(R response) throws IOException;
}
