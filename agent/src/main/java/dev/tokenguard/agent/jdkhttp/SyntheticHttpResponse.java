package dev.tokenguard.agent.jdkhttp;

import dev.tokenguard.agent.AnswerHeaders;
import dev.tokenguard.core.http.SyntheticResponse;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Flow;
import java.util.concurrent.atomic.AtomicBoolean;
import javax.net.ssl.SSLSession;

/**
 * A synthetic answer as an {@link HttpResponse}: its body goes through the application's own
 * {@link HttpResponse.BodyHandler}, so that the body has the type the application asked for.
 */
record SyntheticHttpResponse<T>(int statusCode, HttpRequest request, HttpHeaders headers, T body,
        HttpClient.Version version) implements HttpResponse<T> {

    /** Completes when the application's body subscriber has taken the whole body. */
    static <T> CompletableFuture<HttpResponse<T>> of(
            SyntheticResponse answer, HttpRequest request, BodyHandler<T> handler, HttpClient.Version version) {
        HttpHeaders headers = HttpHeaders.of(AnswerHeaders.of(answer).toMap(), (name, value) -> true);
        BodySubscriber<T> subscriber = handler.apply(new Info(answer.status(), headers, version));
        subscriber.onSubscribe(new OneShot(subscriber, answer.body()));
        return subscriber.getBody().toCompletableFuture()
                .thenApply(body -> new SyntheticHttpResponse<>(answer.status(), request, headers, body, version));
    }

    @Override
    public Optional<HttpResponse<T>> previousResponse() {
        return Optional.empty();
    }

    @Override
    public Optional<SSLSession> sslSession() {
        return Optional.empty();
    }

    @Override
    public URI uri() {
        return request.uri();
    }

    private record Info(int statusCode, HttpHeaders headers, HttpClient.Version version) implements ResponseInfo {}

    /** Hands the whole body over in one item, on the first request for items (Flow's rule 1.1). */
    private static final class OneShot implements Flow.Subscription {
        private final Flow.Subscriber<? super List<ByteBuffer>> subscriber;
        private final byte[] body;
        private final AtomicBoolean done = new AtomicBoolean();

        OneShot(Flow.Subscriber<? super List<ByteBuffer>> subscriber, byte[] body) {
            this.subscriber = subscriber;
            this.body = body;
        }

        @Override
        public void request(long n) {
            if (!done.compareAndSet(false, true)) {
                return;
            }
            if (n <= 0) {
                subscriber.onError(new IllegalArgumentException("non-positive request: " + n));
                return;
            }
            if (body.length > 0) {
                subscriber.onNext(List.of(ByteBuffer.wrap(body.clone())));
            }
            subscriber.onComplete();
        }

        @Override
        public void cancel() {
            done.set(true);
        }
    }
}
