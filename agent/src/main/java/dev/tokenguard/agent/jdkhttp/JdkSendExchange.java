package dev.tokenguard.agent.jdkhttp;

import dev.tokenguard.agent.jdkhttp.JdkRedirects.FollowUp;
import dev.tokenguard.agent.jdkhttp.RequestBodies.Prepared;
import dev.tokenguard.agent.library.BlockingExchange;
import dev.tokenguard.agent.library.ErrorBodies;
import dev.tokenguard.bootstrap.Bridge;
import dev.tokenguard.core.http.HttpHeaders;
import dev.tokenguard.core.http.OutboundRequest;
import dev.tokenguard.core.http.RequestGuard;
import dev.tokenguard.core.http.SyntheticResponse;
import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse.BodyHandler;
import java.net.http.HttpResponse;

/**
 * One carrier request made with {@code HttpClient.send}, through the flow every blocking client
 * shares ({@link BlockingExchange}). The real call runs inside the bridge's mark, so that the
 * hooked {@code send} it re-enters runs as it is. Where the application's client follows redirects,
 * the call goes through its {@link ShadowClients shadow client} and a redirect is followed here
 * ({@link JdkRedirects}): the request carries a carrier's token, whether the guard or the application
 * put it there, and the JDK would copy it to whatever host the carrier redirects to.
 */
final class JdkSendExchange<T>
        extends BlockingExchange<Prepared, HttpResponse<T>, InterruptedException> {

    private final HttpClient client;
    private final HttpRequest application;
    private final BodyHandler<T> handler;
    private final int followed;
    /** Set once prepared: the request a redirect is followed from. */
    private HttpRequest redirected;
    /** Set once prepared, where the application's client follows redirects. */
    private HttpClient shadow;

    /**
     * @param application the application's request
     * @param followed    how many redirects the application's call followed before this request
     */
    JdkSendExchange(HttpClient client, HttpRequest application, BodyHandler<T> handler, int followed) {
        super(JdkHttpClientHandler.LIBRARY);
        this.client = client;
        this.application = application;
        this.handler = handler;
        this.followed = followed;
    }

    /** Sends the request and, where tokenguard follows its redirect, the request that follows it. */
    HttpResponse<T> sendFollowing(RequestGuard guard) throws IOException, InterruptedException {
        HttpResponse<T> response = send(guard, new Prepared(application, null));
        if (response.body() instanceof FollowUp next) {
            return JdkHttpClientHandler.sendFollowUp(client, next.request(), handler, followed + 1);
        }
        return response;
    }

    /**
     * The shadow first: where it cannot be had, nothing was read or decided yet and the call goes on
     * as without tokenguard.
     */
    @Override
    protected Prepared prepare(Prepared application) {
        HttpClient via = JdkRedirects.followedBy(client) ? ShadowClients.of(client) : null;
        Prepared prepared = RequestBodies.read(application.request());
        shadow = via;
        redirected = prepared.toRedirect(application.request());
        return prepared;
    }

    @Override
    protected OutboundRequest describe(Prepared prepared) {
        return JdkHttpClientHandler.describe(prepared.request(), prepared.body());
    }

    /** Only a body read whole can be sent again: the application's publisher may be one-shot. */
    @Override
    protected boolean isReplayable(Prepared prepared) {
        return prepared.replayable();
    }

    @Override
    protected Prepared withHeaders(Prepared prepared, HttpHeaders setHeaders) {
        return new Prepared(JdkHttpClientHandler.withHeaders(prepared.request(), setHeaders), prepared.body());
    }

    /**
     * Through the shadow client, the response to a redirect the application's client would follow
     * has a {@link FollowUp} for its body; the caller sees it only in {@link #sendFollowing}.
     */
    @Override
    @SuppressWarnings("unchecked")
    protected HttpResponse<T> proceed(Prepared outgoing) throws IOException, InterruptedException {
        boolean entered = Bridge.enter();
        try {
            if (shadow != null) {
                return (HttpResponse<T>) shadow.send(outgoing.request(),
                        JdkRedirects.following(client, redirected, followed, handler));
            }
            return client.send(outgoing.request(), handler);
        } finally {
            Bridge.exit(entered);
        }
    }

    @Override
    protected HttpResponse<T> answer(Prepared prepared, SyntheticResponse response) {
        return SyntheticHttpResponse.of(response, application, handler, JdkHttpClientHandler.version(client, application))
                .join();
    }
    @Override
    protected int status(HttpResponse<T> response) {
        return response.statusCode();
    }

    @Override
    protected HttpHeaders responseHeaders(HttpResponse<T> response) {
        return HttpHeaders.of(response.headers().map());
    }

    @Override
    protected void discard(HttpResponse<T> response) {
        JdkHttpClientHandler.discard(response);
    }

    /** The application's body handler made the body already: readable if it made text or bytes. */
    @Override
    protected String errorBody(HttpResponse<T> response) {
        return ErrorBodies.of(response.body());
    }
}
