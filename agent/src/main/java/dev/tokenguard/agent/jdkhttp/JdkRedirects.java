package dev.tokenguard.agent.jdkhttp;

import dev.tokenguard.agent.library.AdapterFailures;
import dev.tokenguard.agent.library.Origin;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse.BodyHandler;
import java.net.http.HttpResponse.BodySubscriber;
import java.net.http.HttpResponse.BodySubscribers;
import java.net.http.HttpResponse.ResponseInfo;
import java.util.Set;
import java.util.TreeSet;

/**
 * The JDK's rules for following a redirect ({@code jdk.internal.net.http.RedirectFilter}, the same on
 * JDK 17 and 25), for the carrier requests whose redirects tokenguard follows itself: those it sent
 * with header fields of the guard's, through a {@link ShadowClients shadow client} that follows none.
 * The follow-up request is built from the application's request, never from the one the guard
 * changed, so the guard's fields stay with the hop they were set for.
 */
final class JdkRedirects {

    /** The JDK reads the same property, with the same default. */
    static final int LIMIT = Integer.getInteger("jdk.httpclient.redirects.retrylimit", 5);

    /**
     * The fields JDK 25 leaves behind when a redirect goes to another origin. JDK 17 forwards them,
     * but the request was a carrier's: its {@code Authorization} is a carrier credential (the
     * application's, where the guard did not replace it), which must not reach another host.
     */
    private static final Set<String> LEFT_AT_ORIGIN = new TreeSet<>(String.CASE_INSENSITIVE_ORDER);

    static {
        LEFT_AT_ORIGIN.addAll(Set.of("Authorization", "Cookie", "Origin", "Referer", "Host"));
    }

    /** The body a redirect the application's client would follow gets in place of the application's. */
    record FollowUp(HttpRequest request) {}

    private JdkRedirects() {}

    static boolean followedBy(HttpClient client) {
        return client.followRedirects() != HttpClient.Redirect.NEVER;
    }

    /**
     * The body handler of a hop the shadow client sends. Like the JDK, it decides on the response
     * head: a redirect that {@code client} would follow has its body discarded and becomes a
     * {@link FollowUp}, so the application's handler never sees it (a subscriber of its own would
     * otherwise be subscribed twice); any other response goes through the application's handler.
     * A redirect without a {@code Location} fails the call with the JDK's own exception. Where
     * tokenguard fails to build the next request, the fault is logged and the application gets the
     * redirect as it is: the request has gone, and a redirect not followed takes no token anywhere.
     *
     * @param sent     the application's request for this hop
     * @param followed how many redirects the application's call followed before this hop
     */
    @SuppressWarnings("unchecked")
    static BodyHandler<Object> following(
            HttpClient client, HttpRequest sent, int followed, BodyHandler<?> application) {
        return info -> {
            HttpRequest next = nextOrNone(client.followRedirects(), sent, info, followed);
            return next == null
                    ? (BodySubscriber<Object>) application.apply(info)
                    : BodySubscribers.replacing(new FollowUp(next));
        };
    }

    private static HttpRequest nextOrNone(
            HttpClient.Redirect policy, HttpRequest sent, ResponseInfo response, int followed) {
        try {
            return next(policy, sent, response, followed);
        } catch (InvalidRedirect e) {
            throw e;
        } catch (RuntimeException | LinkageError e) {
            AdapterFailures.report(JdkHttpClientHandler.LIBRARY, e);
            return null;
        }
    }

    static HttpRequest next(HttpClient.Redirect policy, HttpRequest sent, ResponseInfo response, int followed) {
        int status = response.statusCode();
        if (!isRedirect(status)) {
            return null;
        }
        URI target = sent.uri().resolve(location(response.headers()));
        if (!allows(policy, sent.uri(), target) || followed + 1 >= LIMIT) {
            return null;
        }
        boolean sameOrigin = Origin.of(sent.uri()).equals(Origin.of(target));
        HttpRequest.Builder next = HttpRequest
                .newBuilder(sent, (name, value) -> sameOrigin || !LEFT_AT_ORIGIN.contains(name))
                .uri(target);
        // 303 is always followed with a GET, 301 and 302 with a GET after a POST; the body goes
        // with the request only where the method stays, and never after a 303.
        if (status == 303 || (status <= 302 && sent.method().equals("POST"))) {
            next.GET();
        }
        return next.build();
    }

    /** 301, 302, 303, 307 and 308; not 300 (a choice), 304 (not modified), 305 or 306. */
    private static boolean isRedirect(int status) {
        return status >= 301 && status <= 308 && (status <= 303 || status >= 307);
    }

    private static URI location(HttpHeaders headers) {
        return URI.create(headers.firstValue("Location").orElseThrow(InvalidRedirect::new));
    }

    /** The JDK's failure for a redirect without a {@code Location}: the application's, not tokenguard's. */
    static final class InvalidRedirect extends UncheckedIOException {
        private static final long serialVersionUID = 1L;

        InvalidRedirect() {
            super(new IOException("Invalid redirection"));
        }
    }

    /** {@code NORMAL} follows a redirect to the same scheme or to https. */
    private static boolean allows(HttpClient.Redirect policy, URI from, URI to) {
        return switch (policy) {
            case ALWAYS -> true;
            case NEVER -> false;
            case NORMAL -> to.getScheme() != null
                    && (to.getScheme().equalsIgnoreCase(from.getScheme()) || to.getScheme().equalsIgnoreCase("https"));
        };
    }
}
