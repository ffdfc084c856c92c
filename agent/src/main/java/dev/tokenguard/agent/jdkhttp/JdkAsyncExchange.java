package dev.tokenguard.agent.jdkhttp;

import dev.tokenguard.agent.jdkhttp.JdkRedirects.FollowUp;
import dev.tokenguard.agent.library.AdapterFailures;
import dev.tokenguard.agent.library.BlockingExchange;
import dev.tokenguard.bootstrap.Bridge;
import dev.tokenguard.core.http.AfterResponse;
import dev.tokenguard.core.http.Decision;
import dev.tokenguard.core.http.Exchange;
import dev.tokenguard.core.http.HttpHeaders;
import dev.tokenguard.core.http.RequestGuard;
import dev.tokenguard.core.http.RequestGuard.Replays;
import dev.tokenguard.core.http.SyntheticResponse;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandler;
import java.net.http.HttpResponse.PushPromiseHandler;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.function.BiFunction;

/**
 * One carrier request made with {@code HttpClient.sendAsync}: the asynchronous counterpart of
 * {@link JdkSendExchange}, with the same decisions and the report, the replay and the redirect
 * that tokenguard follows chained on the client's future.
 *
 * <p>Nothing here waits. A request with a body to read, or whose decision comes later (a token on
 * its way), gets its future at once; the call goes on on {@link AsyncContinuations} when the body
 * or the decision is there. A request with neither is decided and sent on the caller's thread, as
 * the JDK's own {@code sendAsync} starts it there (a request the client refuses throws there too).
 */
final class JdkAsyncExchange<T> {

    private final RequestGuard guard;
    private final HttpClient client;
    private final HttpRequest application;
    private final BodyHandler<T> handler;
    private final PushPromiseHandler<T> push;
    private final int followed;
    private final Executor continuations;
    /** Set before the request is read, where the application's client follows redirects. */
    private HttpClient shadow;
    /** Set once the body is read: what is sent from then on. */
    private RequestBodies.Prepared prepared;

    /**
     * @param application the application's request
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
        this.continuations = AsyncContinuations.of(client);
    }

    CompletableFuture<HttpResponse<T>> send() {
        CompletableFuture<RequestBodies.Prepared> read;
        try {
            shadow = JdkRedirects.followedBy(client) ? ShadowClients.of(client) : null;
            read = RequestBodies.readWithoutBlocking(application, AsyncContinuations.forReading());
        } catch (RuntimeException | LinkageError e) {
            // Nothing read or decided yet: the call goes on as without tokenguard.
            AdapterFailures.report(JdkHttpClientHandler.LIBRARY, e);
            return sendInside(client, application, handler, push);
        }
        if (read.isDone() && !read.isCompletedExceptionally()) {
            return decide(read.join());
        }
        return afterwards(read, (body, error) -> {
            if (error != null) {
                AdapterFailures.report(JdkHttpClientHandler.LIBRARY, error);
                return sendInside(client, application, handler, push);
            }
            return decide(body);
        });
    }

    private CompletableFuture<HttpResponse<T>> decide(RequestBodies.Prepared body) {
        prepared = body;
        Decision decision;
        try {
            decision = guard.decideWithoutBlocking(JdkHttpClientHandler.describe(application, body.body()));
        } catch (RuntimeException | LinkageError e) {
            AdapterFailures.report(JdkHttpClientHandler.LIBRARY, e);
            decision = Decision.PASS;
        }
        if (decision instanceof Decision.Later later) {
            return afterwards(later.decision(), (known, error) -> {
                if (error != null) {
                    AdapterFailures.report(JdkHttpClientHandler.LIBRARY, error);
                    return act(Decision.PASS);
                }
                return act(known);
            });
        }
        return act(decision);
    }

    private CompletableFuture<HttpResponse<T>> act(Decision decision) {
        if (decision instanceof Decision.Answer answer) {
            return answer(answer.response());
        }
        if (decision instanceof Decision.Proceed proceed) {
            return proceed(proceed);
        }
        // Sent from here all the same, so that the nested sendAsync does not decide again.
        return sendInside(client, prepared.request(), handler, push);
    }

    /**
     * Never sends an answered request: for a token request that would reach the carrier past the
     * limiter and the kill-switch. The call fails as one without a response; the cause is logged.
     */
    private CompletableFuture<HttpResponse<T>> answer(SyntheticResponse response) {
        try {
            return SyntheticHttpResponse.of(response, application, handler,
                    JdkHttpClientHandler.version(client, application));
        } catch (RuntimeException | LinkageError e) {
            AdapterFailures.report(JdkHttpClientHandler.LIBRARY, e);
            return CompletableFuture.failedFuture(BlockingExchange.answerFailed());
        }
    }

    private CompletableFuture<HttpResponse<T>> proceed(Decision.Proceed proceed) {
        CompletableFuture<HttpResponse<T>> first;
        try {
            first = sendWith(proceed.setHeaders());
        } catch (RuntimeException e) { // the client's own, such as a request it refuses
            reportFailure(proceed.exchange(), e);
            throw e;
        }
        // The caller is the client's executor, which must not wait for a renewal; a body not read
        // whole cannot be sent again.
        Replays replays = prepared.replayable() ? Replays.WITHOUT_WAITING : Replays.NEVER;
        CompletableFuture<HttpResponse<T>> result = new CompletableFuture<>();
        cancelWith(result, first);
        first.whenComplete((response, error) -> {
            if (error != null) {
                reportFailure(proceed.exchange(), error);
                result.completeExceptionally(error);
            } else if (reportResponse(proceed.exchange(), response, replays) instanceof AfterResponse.Replay replay
                    && replays != Replays.NEVER) {
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
     * Sends the request with the guard's header fields: through the shadow client where the
     * application's client follows redirects, so that no carrier token follows one.
     */
    @SuppressWarnings("unchecked")
    private CompletableFuture<HttpResponse<T>> sendWith(HttpHeaders setHeaders) {
        HttpRequest request = JdkHttpClientHandler.withHeaders(prepared.request(), setHeaders);
        if (shadow == null) {
            return sendInside(client, request, handler, push);
        }
        BodyHandler<Object> following = JdkRedirects.following(client, prepared.toRedirect(application), followed, handler);
        PushPromiseHandler<Object> pushed = (PushPromiseHandler<Object>) (PushPromiseHandler<?>) push;
        Object sent = sendInside(shadow, request, following, pushed);
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
        pipe(followUp, result);
    }

    /**
     * Goes on with {@code next} once {@code stage} completes, on {@link AsyncContinuations}; the
     * future the application holds completes with the call {@code next} starts. A call cancelled
     * meanwhile is never started. An executor that refuses the task (the application shut it down)
     * fails the call rather than leaving it pending for ever.
     */
    private <V> CompletableFuture<HttpResponse<T>> afterwards(CompletionStage<V> stage,
            BiFunction<V, Throwable, CompletableFuture<HttpResponse<T>>> next) {
        CompletableFuture<HttpResponse<T>> result = new CompletableFuture<>();
        stage.handleAsync((value, error) -> {
            if (!result.isDone()) {
                pipe(next.apply(value, error), result);
            }
            return null;
        }, continuations).exceptionally(failure -> {
            result.completeExceptionally(unwrapped(failure));
            return null;
        });
        return result;
    }

    private static <R> void pipe(CompletableFuture<R> from, CompletableFuture<R> to) {
        cancelWith(to, from);
        from.whenComplete((value, error) -> {
            if (error != null) {
                to.completeExceptionally(error);
            } else {
                to.complete(value);
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
            guard.onFailure(exchange, unwrapped(error));
        } catch (RuntimeException | LinkageError e) {
            AdapterFailures.report(JdkHttpClientHandler.LIBRARY, e);
        }
    }

    /** The failure itself, out of the wrapper a dependent stage puts it in. */
    private static Throwable unwrapped(Throwable error) {
        return error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
    }
}
