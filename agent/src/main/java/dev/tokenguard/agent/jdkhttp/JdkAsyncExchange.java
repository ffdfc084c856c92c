package dev.tokenguard.agent.jdkhttp;

import dev.tokenguard.agent.jdkhttp.JdkRedirects.FollowUp;
import dev.tokenguard.agent.library.AdapterFailures;
import dev.tokenguard.bootstrap.Bridge;
import dev.tokenguard.core.http.AfterResponse;
import dev.tokenguard.core.http.Decision;
import dev.tokenguard.core.http.Exchange;
import dev.tokenguard.core.http.HttpHeaders;
import dev.tokenguard.core.http.RequestGuard;
import dev.tokenguard.core.http.RequestGuard.Replays;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandler;
import java.net.http.HttpResponse.PushPromiseHandler;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * One carrier request made with {@code HttpClient.sendAsync}: the asynchronous counterpart of
 * {@link JdkSendExchange}, with the same decisions and the report, the replay and the redirect
 * that tokenguard follows chained on the client's future.
 */
final class JdkAsyncExchange<T> {

    private final RequestGuard guard;
    private final HttpClient client;
    private final HttpRequest application;
    private final BodyHandler<T> handler;
    private final PushPromiseHandler<T> push;
    private final int followed;

    /**
     * @param application the application's request, which a redirect is followed from
     * @param push        null for the two-argument {@code sendAsync}
     * @param followed    how many redirects the application's call followed before this request
     */
    JdkAsyncExchange(RequestGuard guard, HttpClient client, HttpRequest application, BodyHandler<T> handler,
            PushPromiseHandler<T> push, int followed) {
        this.guard = guard;
        this.client = client;
        this.application = application;
        this.handler = handler;
        this.push = push;
        this.followed = followed;
    }

    CompletableFuture<HttpResponse<T>> send() {
        Decision decision;
        try {
            decision = guard.decide(JdkHttpClientHandler.describe(application, RequestBodies.readOrNull(application)));
        } catch (RuntimeException | LinkageError e) {
            AdapterFailures.report(JdkHttpClientHandler.LIBRARY, e);
            decision = Decision.PASS;
        }
        if (decision instanceof Decision.Answer answer) {
            try {
                return SyntheticHttpResponse.of(answer.response(), application, handler,
                        JdkHttpClientHandler.version(client, application));
            } catch (RuntimeException | LinkageError e) {
                AdapterFailures.report(JdkHttpClientHandler.LIBRARY, e);
                return sendInside(client, application, handler, push);
            }
        }
        if (!(decision instanceof Decision.Proceed proceed)) {
            // Sent from here all the same, so that the nested sendAsync does not decide again.
            return sendInside(client, application, handler, push);
        }
        CompletableFuture<HttpResponse<T>> first;
        try {
            first = sendWith(proceed.setHeaders());
        } catch (RuntimeException e) { // the client's own, such as a request it refuses
            reportFailure(proceed.exchange(), e);
            throw e;
        }
        CompletableFuture<HttpResponse<T>> result = new CompletableFuture<>();
        cancelWith(result, first);
        first.whenComplete((response, error) -> {
            if (error != null) {
                reportFailure(proceed.exchange(), error);
                result.completeExceptionally(error);
            } else if (reportResponse(proceed.exchange(), response, Replays.WITHOUT_WAITING)
                    instanceof AfterResponse.Replay replay) {
                JdkHttpClientHandler.discard(response);
                replay(replay.setHeaders(), replay.exchange(), result);
            } else {
                complete(result, response);
            }
        });
        return result;
    }

    private void replay(HttpHeaders setHeaders, Exchange exchange, CompletableFuture<HttpResponse<T>> result) {
        CompletableFuture<HttpResponse<T>> second;
        try {
            second = sendWith(setHeaders);
        } catch (RuntimeException e) {
            reportFailure(exchange, e);
            result.completeExceptionally(e);
            return;
        }
        cancelWith(result, second);
        second.whenComplete((response, error) -> {
            if (error != null) {
                reportFailure(exchange, error);
                result.completeExceptionally(error);
            } else {
                // Once only: a second 401 goes to the application.
                reportResponse(exchange, response, Replays.NEVER);
                complete(result, response);
            }
        });
    }

    /**
     * Sends the application's request with the guard's header fields: through the shadow client
     * where the application's client follows redirects, so that the fields do not follow one.
     */
    @SuppressWarnings("unchecked")
    private CompletableFuture<HttpResponse<T>> sendWith(HttpHeaders setHeaders) {
        HttpRequest request = JdkHttpClientHandler.withHeaders(application, setHeaders);
        if (setHeaders.names().isEmpty() || !JdkRedirects.followedBy(client)) {
            return sendInside(client, request, handler, push);
        }
        BodyHandler<Object> following = JdkRedirects.following(client, application, followed, handler);
        PushPromiseHandler<Object> pushed = (PushPromiseHandler<Object>) (PushPromiseHandler<?>) push;
        Object sent = sendInside(ShadowClients.of(client), request, following, pushed);
        return (CompletableFuture<HttpResponse<T>>) sent;
    }

    /** Completes with the response, or with the outcome of the request that follows its redirect. */
    private void complete(CompletableFuture<HttpResponse<T>> result, HttpResponse<T> response) {
        if (!(response.body() instanceof FollowUp next)) {
            result.complete(response);
            return;
        }
        CompletableFuture<HttpResponse<T>> followUp;
        try {
            followUp = JdkHttpClientHandler.sendFollowUpAsync(client, next.request(), handler, push, followed + 1);
        } catch (RuntimeException e) {
            result.completeExceptionally(e);
            return;
        }
        cancelWith(result, followUp);
        followUp.whenComplete((last, error) -> {
            if (error != null) {
                result.completeExceptionally(error);
            } else {
                result.complete(last);
            }
        });
    }

    /** Cancelling the future the application holds cancels the request behind it, as with the JDK's. */
    private static void cancelWith(CompletableFuture<?> result, CompletableFuture<?> sent) {
        result.whenComplete((response, error) -> {
            if (result.isCancelled()) {
                sent.cancel(true);
            }
        });
    }

    static <R> CompletableFuture<HttpResponse<R>> sendInside(
            HttpClient client, HttpRequest request, BodyHandler<R> handler, PushPromiseHandler<R> push) {
        boolean entered = Bridge.enter();
        try {
            return push == null ? client.sendAsync(request, handler) : client.sendAsync(request, handler, push);
        } finally {
            Bridge.exit(entered);
        }
    }

    /** Runs in {@code whenComplete} on the client's executor, which must not wait for a renewal. */
    private AfterResponse reportResponse(Exchange exchange, HttpResponse<?> response, Replays replays) {
        try {
            return guard.onResponse(exchange, response.statusCode(), HttpHeaders.of(response.headers().map()), replays);
        } catch (RuntimeException | LinkageError e) {
            AdapterFailures.report(JdkHttpClientHandler.LIBRARY, e);
            return AfterResponse.DONE;
        }
    }

    private void reportFailure(Exchange exchange, Throwable error) {
        try {
            guard.onFailure(exchange, error instanceof CompletionException && error.getCause() != null
                    ? error.getCause() : error);
        } catch (RuntimeException | LinkageError e) {
            AdapterFailures.report(JdkHttpClientHandler.LIBRARY, e);
        }
    }
}
