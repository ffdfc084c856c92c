package dev.tokenguard.agent.jdkhttp;

import dev.tokenguard.agent.library.AdapterFailures;
import dev.tokenguard.agent.library.CarrierGuard;
import dev.tokenguard.bootstrap.Bridge;
import dev.tokenguard.core.http.HttpHeaders;
import dev.tokenguard.core.http.OutboundRequest;
import dev.tokenguard.core.http.RequestGuard;
import java.io.Closeable;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandler;
import java.net.http.HttpResponse.PushPromiseHandler;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;

/**
 * What the {@code HttpClientImpl} hooks do, in the agent's class loader. A null result lets the
 * hooked method run as it is: the request is not a carrier's. Otherwise the handler made the call
 * and returns its outcome; only the client's own failures reach the application
 * ({@code IOException} and {@code InterruptedException} from {@code send}, a failed future from
 * {@code sendAsync}). A failure of tokenguard's is logged once; the call goes on as without
 * tokenguard where nothing was decided yet, and fails as one without a response where tokenguard
 * had answered it. {@link JdkSendExchange} makes a call with {@code send}, {@link JdkAsyncExchange}
 * one with {@code sendAsync}.
 *
 * <p>Rule: a carrier's token never reaches a host that is not the carrier's, whether the guard or
 * the application put it on the request. The JDK's redirect filter copies a request's header
 * fields to the next hop (JDK 17 to any host), so where the application's client follows
 * redirects a carrier request goes out through a shadow client that follows none
 * ({@link ShadowClients}), and tokenguard follows the redirect as the application's client would,
 * leaving {@code Authorization} behind on another origin ({@link JdkRedirects}): the next request,
 * built from the application's own, is sent here again.
 */
public final class JdkHttpClientHandler {

    static final String LIBRARY = "java.net.http";

    private JdkHttpClientHandler() {}

    /** For {@code send}: the {@code HttpResponse}, or null. */
    public static Object send(Object client, Object request, Object bodyHandler) throws IOException, InterruptedException {
        return send((HttpClient) client, (HttpRequest) request, (BodyHandler<?>) bodyHandler, 0);
    }

    /** For {@code sendAsync}: the {@code CompletableFuture}, or null. */
    public static Object sendAsync(Object client, Object request, Object bodyHandler, Object pushPromiseHandler) {
        return typedSendAsync((HttpClient) client, (HttpRequest) request, bodyHandler, pushPromiseHandler);
    }

    /** Gives both handlers the one body type they share, as {@code sendAsync}'s signature does. */
    @SuppressWarnings("unchecked")
    private static <T> CompletableFuture<HttpResponse<T>> typedSendAsync(
            HttpClient client, HttpRequest request, Object bodyHandler, Object pushPromiseHandler) {
        return sendAsync(client, request, (BodyHandler<T>) bodyHandler, (PushPromiseHandler<T>) pushPromiseHandler, 0);
    }

    /**
     * Sends a request that follows a redirect tokenguard followed, as the application's client sends
     * one from the start: decided afresh where it goes to a carrier host, as it is elsewhere.
     */
    static <T> HttpResponse<T> sendFollowUp(HttpClient client, HttpRequest request, BodyHandler<T> handler,
            int followed) throws IOException, InterruptedException {
        HttpResponse<T> handled = send(client, request, handler, followed);
        if (handled != null) {
            return handled;
        }
        boolean entered = Bridge.enter();
        try {
            return client.send(request, handler);
        } finally {
            Bridge.exit(entered);
        }
    }

    /** The asynchronous {@link #sendFollowUp}. */
    static <T> CompletableFuture<HttpResponse<T>> sendFollowUpAsync(HttpClient client, HttpRequest request,
            BodyHandler<T> handler, PushPromiseHandler<T> push, int followed) {
        CompletableFuture<HttpResponse<T>> handled = sendAsync(client, request, handler, push, followed);
        return handled != null ? handled : JdkAsyncExchange.sendInside(client, request, handler, push);
    }

    /** @param followed how many redirects the application's call followed before this request */
    private static <T> HttpResponse<T> send(HttpClient client, HttpRequest request, BodyHandler<T> handler,
            int followed) throws IOException, InterruptedException {
        RequestGuard guard = guardFor(request.uri());
        if (guard == null) {
            return null;
        }
        return new JdkSendExchange<>(client, request, handler, followed).sendFollowing(guard);
    }

    private static <T> CompletableFuture<HttpResponse<T>> sendAsync(HttpClient client, HttpRequest request,
            BodyHandler<T> handler, PushPromiseHandler<T> push, int followed) {
        RequestGuard guard = guardFor(request.uri());
        if (guard == null) {
            return null;
        }
        return new JdkAsyncExchange<>(guard, client, request, handler, push, followed).send();
    }

    /** Releases a response the application will not see: the handler read it, unless it is a stream. */
    static void discard(HttpResponse<?> response) {
        if (response.body() instanceof Closeable stream) {
            try {
                stream.close();
            } catch (IOException e) {
                // the response is dropped either way
            }
        }
    }

    private static RequestGuard guardFor(URI uri) {
        String host = uri.getHost();
        return CarrierGuard.forHost(LIBRARY, uri.getScheme(), host == null ? null : host.toLowerCase(Locale.ROOT),
                uri.getPort());
    }

    static OutboundRequest describe(HttpRequest request, byte[] body) {
        return new OutboundRequest(request.method(), request.uri(), HttpHeaders.of(request.headers().map()), body);
    }

    /**
     * A copy of the request with the guard's header fields in place of any of the same name; the
     * request as it is where the copy fails (a field the JDK refuses).
     */
    static HttpRequest withHeaders(HttpRequest request, HttpHeaders setHeaders) {
        if (setHeaders.names().isEmpty()) {
            return request;
        }
        try {
            HttpRequest.Builder builder = HttpRequest.newBuilder(request, (name, value) -> !setHeaders.contains(name));
            for (String name : setHeaders.names()) {
                for (String value : setHeaders.all(name)) {
                    builder.header(name, value);
                }
            }
            return builder.build();
        } catch (RuntimeException | LinkageError e) {
            AdapterFailures.report(LIBRARY, e);
            return request;
        }
    }

    static HttpClient.Version version(HttpClient client, HttpRequest request) {
        return request.version().orElse(client.version());
    }
}
