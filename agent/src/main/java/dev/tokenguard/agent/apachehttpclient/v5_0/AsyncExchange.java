package dev.tokenguard.agent.apachehttpclient.v5_0;

import dev.tokenguard.agent.library.AdapterFailures;
import dev.tokenguard.agent.library.BlockingExchange;
import dev.tokenguard.core.http.AfterResponse;
import dev.tokenguard.core.http.Decision;
import dev.tokenguard.core.http.Exchange;
import dev.tokenguard.core.http.HttpHeaders;
import dev.tokenguard.core.http.OutboundRequest;
import dev.tokenguard.core.http.RequestGuard;
import dev.tokenguard.core.http.RequestGuard.Replays;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.List;
import org.apache.hc.client5.http.async.AsyncExecCallback;
import org.apache.hc.client5.http.async.AsyncExecChain;
import org.apache.hc.core5.http.EntityDetails;
import org.apache.hc.core5.http.Header;
import org.apache.hc.core5.http.HttpException;
import org.apache.hc.core5.http.HttpRequest;
import org.apache.hc.core5.http.HttpResponse;
import org.apache.hc.core5.http.nio.AsyncDataConsumer;
import org.apache.hc.core5.http.nio.AsyncEntityProducer;
import org.apache.hc.core5.http.nio.CapacityChannel;
import org.apache.hc.core5.http.support.BasicRequestBuilder;

/**
 * One hop of an async HttpClient 5 call to a carrier: the async counterpart of
 * {@link dev.tokenguard.agent.library.BlockingExchange}, with the same rules for whose failure is
 * whose. Nothing here waits: the request is decided with {@code decideWithoutBlocking}, and where the
 * decision needs a token on its way ({@code Later}) the hop goes on from the thread that brings it,
 * so that neither the application's thread in {@code execute} nor the I/O reactor, which starts the
 * redirect hops, waits for a renewal. The response is reported from the client's I/O thread, in
 * {@code handleResponse}; a replay is sent from {@code completed}, once the 401's body is drained, as
 * the client's own redirect element does.
 */
final class AsyncExchange {
    private final RequestGuard guard;
    private final HttpRequest request;
    /**
     * The application's, or what took its place once a one-shot body was read (see {@link AsyncBodyCopy});
     * set in {@code start} before the hop is handed to any other thread.
     */
    private AsyncEntityProducer producer;
    private final AsyncExecChain.Scope scope;
    private final AsyncExecChain chain;
    private final AsyncExecCallback callback;

    AsyncExchange(RequestGuard guard, HttpRequest request, AsyncEntityProducer producer,
            AsyncExecChain.Scope scope, AsyncExecChain chain, AsyncExecCallback callback) {
        this.guard = guard;
        this.request = request;
        this.producer = producer;
        this.scope = scope;
        this.chain = chain;
        this.callback = callback;
    }

    void start() throws HttpException, IOException {
        Decision decision;
        try {
            AsyncBodyCopy.Read body = AsyncBodyCopy.read(producer);
            producer = body.producer();
            decision = guard.decideWithoutBlocking(describe(body.bytes()));
        } catch (RuntimeException | LinkageError | IOException e) {
            if (e instanceof IOException && !producer.isRepeatable()) {
                // What was read of a one-shot body is gone: the call fails as it would have while
                // the client sent the body, rather than going out truncated.
                callback.failed((IOException) e);
                return;
            }
            // IOException: reading the body for agent-core failed (AsyncBodyCopy released the
            // repeatable producer, so it produces again). Nothing was decided: PASS, as the
            // application made the request, rather than failing it.
            AdapterFailures.report(Apache5Messages.LIBRARY, e);
            chain.proceed(request, producer, scope, callback);
            return;
        }
        if (decision instanceof Decision.Later later) {
            // The caller's thread (or, for a redirect hop, the I/O reactor's) must not wait for the
            // token: the exchange goes on from the thread that brings it.
            later.decision().whenComplete(this::resume);
            return;
        }
        act(decision);
    }

    private void resume(Decision decision, Throwable failure) {
        try {
            if (failure != null) {
                // agent-core's own failure: nothing was decided, so the request goes as the application made it.
                AdapterFailures.report(Apache5Messages.LIBRARY, failure);
                chain.proceed(request, producer, scope, callback);
            } else {
                act(decision);
            }
        } catch (HttpException | IOException | RuntimeException e) {
            callback.failed(e);
        }
    }

    private void act(Decision decision) throws HttpException, IOException {
        if (decision instanceof Decision.Proceed proceed) {
            send(proceed.setHeaders(), proceed.exchange(), true);
        } else if (decision instanceof Decision.Answer answer) {
            AsyncAnswer synthetic;
            try {
                synthetic = new AsyncAnswer(answer.response());
            } catch (RuntimeException | LinkageError e) {
                // As BlockingExchange: a request agent-core answered is never sent (a token request
                // would pass the limiter and the kill-switch); the call fails as one without response.
                AdapterFailures.report(Apache5Messages.LIBRARY, e);
                callback.failed(BlockingExchange.answerFailed());
                return;
            }
            synthetic.deliverTo(callback);
        } else {
            chain.proceed(request, producer, scope, callback);
        }
    }

    private OutboundRequest describe(byte[] body) {
        return new OutboundRequest(request.getMethod(), Apache5Messages.uri(scope.route, request),
                Apache5Messages.requestHeaders(request, producer != null ? producer.getContentType() : null), body);
    }

    private void send(HttpHeaders setHeaders, Exchange exchange, boolean mayReplay) throws HttpException, IOException {
        HttpRequest headed = request;
        try {
            if (!setHeaders.names().isEmpty()) {
                headed = BasicRequestBuilder.copy(request).build();
                Apache5Messages.setHeaders(headed, setHeaders);
            }
        } catch (RuntimeException | LinkageError e) {
            AdapterFailures.report(Apache5Messages.LIBRARY, e);
        }
        try {
            RetriedResponses.inFlight(scope.clientContext, exchange);
            chain.proceed(headed, producer, scope, new ReportingCallback(exchange, mayReplay));
        } catch (HttpException | IOException | RuntimeException e) {
            reportFailure(exchange, e);
            throw e;
        }
    }

    private void reportFailure(Exchange exchange, Exception failure) {
        try {
            guard.onFailure(exchange, failure);
        } catch (RuntimeException | LinkageError e) {
            AdapterFailures.report(Apache5Messages.LIBRARY, e);
        }
    }

    /** Reports the response of one send to agent-core and, on its word, swallows a 401 to replay. */
    private final class ReportingCallback implements AsyncExecCallback {
        private final Exchange exchange;
        private final boolean mayReplay;
        /**
         * Set in {@code handleResponse}, read in {@code completed}: the client calls them one after
         * the other for one exchange but does not promise the same thread, hence volatile.
         */
        private volatile AfterResponse.Replay replay;

        ReportingCallback(Exchange exchange, boolean mayReplay) {
            this.exchange = exchange;
            this.mayReplay = mayReplay;
        }

        @Override
        public AsyncDataConsumer handleResponse(HttpResponse response, EntityDetails entityDetails)
                throws HttpException, IOException {
            RetriedResponses.inFlight(scope.clientContext, null);
            // On the client's I/O reactor thread, which must not wait for a renewal.
            Replays replays = mayReplay && (producer == null || producer.isRepeatable())
                    ? Replays.WITHOUT_WAITING : Replays.NEVER;
            AfterResponse after;
            try {
                after = guard.onResponse(exchange, response.getCode(), Apache5Messages.responseHeaders(response), replays);
            } catch (RuntimeException | LinkageError e) {
                AdapterFailures.report(Apache5Messages.LIBRARY, e);
                after = AfterResponse.DONE;
            }
            if (replays != Replays.NEVER && after instanceof AfterResponse.Replay r) {
                replay = r;
                return entityDetails != null ? DiscardingConsumer.INSTANCE : null;
            }
            return callback.handleResponse(response, entityDetails);
        }

        @Override
        public void handleInformationResponse(HttpResponse response) throws HttpException, IOException {
            callback.handleInformationResponse(response);
        }

        @Override
        public void completed() {
            AfterResponse.Replay r = replay;
            if (r == null) {
                callback.completed();
                return;
            }
            if (producer != null) {
                producer.releaseResources();
            }
            try {
                // Once only: a second 401 goes to the application, whatever agent-core answers.
                send(r.setHeaders(), r.exchange(), false);
            } catch (HttpException | IOException | RuntimeException e) {
                callback.failed(e);
            }
        }

        @Override
        public void failed(Exception cause) {
            // After the 401 was swallowed for a replay, the replay's admission (maybe the kill-switch's
            // one probe) is what must be answered: it is never sent now.
            AfterResponse.Replay r = replay;
            reportFailure(r != null ? r.exchange() : exchange, cause);
            callback.failed(cause);
        }
    }

    /** Drains the body of a 401 that the application will not see. */
    private enum DiscardingConsumer implements AsyncDataConsumer {
        INSTANCE;

        @Override
        public void updateCapacity(CapacityChannel capacityChannel) throws IOException {
            capacityChannel.update(Integer.MAX_VALUE);
        }

        @Override
        public void consume(ByteBuffer src) {
            src.position(src.limit());
        }

        @Override
        public void streamEnd(List<? extends Header> trailers) {
        }

        @Override
        public void releaseResources() {
        }
    }
}
