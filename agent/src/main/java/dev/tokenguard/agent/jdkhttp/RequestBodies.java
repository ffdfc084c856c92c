package dev.tokenguard.agent.jdkhttp;

import dev.tokenguard.agent.library.BlockingExchange;
import java.io.ByteArrayOutputStream;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublisher;
import java.nio.ByteBuffer;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Flow;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Reads a carrier request's body for the guard. The JDK may subscribe to a body publisher more than
 * once (it does on redirects and retries, as {@link BodyPublisher} documents), so reading it here
 * leaves the request sendable.
 */
final class RequestBodies {

    private static final int LIMIT = BlockingExchange.MAX_BUFFERED_BODY;
    /** A publisher that does not finish in this time (a stream still being produced) is left alone. */
    private static final long WAIT_SECONDS = 10;

    private RequestBodies() {}

    /**
     * The body: empty where there is none; null where it is larger than the other clients buffer,
     * could not be read, or the thread was interrupted (the interrupt stays set for the real call).
     */
    static byte[] readOrNull(HttpRequest request) {
        BodyPublisher publisher = request.bodyPublisher().orElse(null);
        if (publisher == null || publisher.contentLength() == 0) {
            return new byte[0];
        }
        if (publisher.contentLength() > LIMIT) {
            return null;
        }
        Collector collector = new Collector();
        publisher.subscribe(collector);
        try {
            return collector.body.get(WAIT_SECONDS, TimeUnit.SECONDS);
        } catch (ExecutionException | TimeoutException e) {
            collector.cancel();
            return null;
        } catch (InterruptedException e) {
            collector.cancel();
            Thread.currentThread().interrupt();
            return null;
        }
    }

    private static final class Collector implements Flow.Subscriber<ByteBuffer> {
        final CompletableFuture<byte[]> body = new CompletableFuture<>();
        private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        private volatile Flow.Subscription subscription;

        @Override
        public void onSubscribe(Flow.Subscription s) {
            subscription = s;
            s.request(Long.MAX_VALUE);
        }

        @Override
        public void onNext(ByteBuffer item) {
            byte[] chunk = new byte[item.remaining()];
            item.get(chunk);
            bytes.write(chunk, 0, chunk.length);
            if (bytes.size() > LIMIT) {
                cancel();
                body.completeExceptionally(new IllegalStateException("request body over " + LIMIT + " bytes"));
            }
        }

        @Override
        public void onError(Throwable error) {
            body.completeExceptionally(error);
        }

        @Override
        public void onComplete() {
            body.complete(bytes.toByteArray());
        }

        void cancel() {
            Flow.Subscription s = subscription;
            if (s != null) {
                s.cancel();
            }
        }
    }
}
