package dev.tokenguard.agent.jdkhttp;

import dev.tokenguard.agent.jdkhttp.JdkRedirects.FollowUp;
import dev.tokenguard.agent.library.BlockingExchange;
import dev.tokenguard.bootstrap.Bridge;
import dev.tokenguard.core.http.HttpHeaders;
import dev.tokenguard.core.http.OutboundRequest;
import dev.tokenguard.core.http.RequestGuard;
import dev.tokenguard.core.http.SyntheticResponse;
import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandler;

/**
 * One carrier request made with {@code HttpClient.send}, through the flow every blocking client
 * shares ({@link BlockingExchange}). The real call runs inside the bridge's mark, so that the
 * hooked {@code send} it re-enters runs as it is. Where the guard set header fields and the
 * application's client follows redirects, the call goes through the {@link ShadowClients shadow
 * client} and a redirect is followed here ({@link JdkRedirects}).
 */
final class JdkSendExchange<T>
        extends BlockingExchange<JdkSendExchange.Outgoing, HttpResponse<T>, InterruptedException> {

    /** A request about to be sent; {@code guardFields} when it carries header fields the guard set. */
    record Outgoing(HttpRequest request, boolean guardFields) {}

    private final HttpClient client;
    private final HttpRequest application;
    private final BodyHandler<T> handler;
    private final int followed;
    private byte[] body;

    /**
     * @param application the application's request, which a redirect is followed from
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
        HttpResponse<T> response = send(guard, new Outgoing(application, false));
        if (response.body() instanceof FollowUp next) {
            return JdkHttpClientHandler.sendFollowUp(client, next.request(), handler, followed + 1);
        }
        return response;
    }

    @Override
    protected Outgoing prepare(Outgoing outgoing) {
        body = RequestBodies.readOrNull(outgoing.request());
        return outgoing;
    }

    @Override
    protected OutboundRequest describe(Outgoing prepared) {
        return JdkHttpClientHandler.describe(prepared.request(), body);
    }

    /** Always: the JDK subscribes to a body publisher again for each send. */
    @Override
    protected boolean isReplayable(Outgoing prepared) {
        return true;
    }

    @Override
    protected Outgoing withHeaders(Outgoing prepared, HttpHeaders setHeaders) {
        return new Outgoing(JdkHttpClientHandler.withHeaders(prepared.request(), setHeaders), true);
    }

    /**
     * Through the shadow client, the response to a redirect the application's client would follow
     * has a {@link FollowUp} for its body; the caller sees it only in {@link #sendFollowing}.
     */
    @Override
    @SuppressWarnings("unchecked")
    protected HttpResponse<T> proceed(Outgoing outgoing) throws IOException, InterruptedException {
        boolean entered = Bridge.enter();
        try {
            if (outgoing.guardFields() && JdkRedirects.followedBy(client)) {
                return (HttpResponse<T>) ShadowClients.of(client).send(outgoing.request(),
                        JdkRedirects.following(client, application, followed, handler));
            }
            return client.send(outgoing.request(), handler);
        } finally {
            Bridge.exit(entered);
        }
    }

    @Override
    protected HttpResponse<T> answer(Outgoing prepared, SyntheticResponse response) {
        HttpRequest request = prepared.request();
        return SyntheticHttpResponse.of(response, request, handler, JdkHttpClientHandler.version(client, request))
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
}
