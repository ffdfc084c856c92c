package dev.tokenguard.agent.jdkhttp;

import dev.tokenguard.agent.library.BlockingExchange;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublisher;
import java.net.http.HttpRequest.BodyPublishers;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Reads a carrier request's body for the guard, and gives the request to send in its place. A token
 * request is a small form whose credentials key the token cache, so a body up to
 * {@link BlockingExchange#MAX_BUFFERED_BODY} is read whatever the publisher (the adapter cannot tell
 * a token request from an API request; agent-core does, from the body among others), and the copy
 * read is what is sent: the application's publisher may be one-shot ({@code ofInputStream} over one
 * stream, {@code fromPublisher}), so it is subscribed to once, by tokenguard, and never again.
 *
 * <p>Not read: a body that declares more than the limit (sent as it is, subscribed to once, by the
 * client). Read in part: a body of unknown length that passes the limit, or is still being produced
 * after {@value #WAIT_SECONDS} s (a stream fed as it is sent); the real call sends what was read and
 * then the rest of the same subscription ({@link BodyReader}), so the carrier gets it whole. Only a
 * request whose body was read whole is ever sent twice (a replay after 401).
 */
final class RequestBodies {

    private static final int LIMIT = BlockingExchange.MAX_BUFFERED_BODY;
    private static final long WAIT_SECONDS = 10;

    /**
     * @param request the request to send: the application's, or a copy with the body tokenguard read
     * @param body    the whole body; empty where there is none; null where it was not read whole
     */
    record Prepared(HttpRequest request, byte[] body) {

        /** Whether the request can be sent again: its body, if any, is held here. */
        boolean replayable() {
            return body != null;
        }

        /**
         * The request a redirect that keeps the body is followed from. The JDK subscribes to the
         * body again for it: the copy read whole can be; a body sent as it streamed cannot, so the
         * application's own publisher is subscribed again, as the JDK alone would.
         */
        HttpRequest toRedirect(HttpRequest application) {
            return replayable() ? request : application;
        }
    }

    private RequestBodies() {}

    /**
     * For {@code send}, whose caller waits for the call anyway: reads on the calling thread, at most
     * {@value #WAIT_SECONDS} s. An interrupt stops the reading and stays set for the real call.
     */
    static Prepared read(HttpRequest request) {
        BodyPublisher publisher = request.bodyPublisher().orElse(null);
        Prepared unread = unread(request, publisher);
        if (unread != null) {
            return unread;
        }
        BodyReader reader = new BodyReader(LIMIT, publisher.contentLength());
        reader.readFrom(publisher);
        try {
            return prepared(request, reader.read().get(WAIT_SECONDS, TimeUnit.SECONDS));
        } catch (TimeoutException e) {
            reader.stop();
        } catch (InterruptedException e) {
            reader.stop();
            Thread.currentThread().interrupt();
        } catch (ExecutionException e) {
            throw new IllegalStateException("a body read never fails", e);
        }
        return prepared(request, reader.read().join());
    }

    /**
     * For {@code sendAsync}, whose caller must not wait: subscribes on {@code executor} (a publisher
     * may read a stream in its subscription) and completes when the body is read or the wait is
     * over, on the thread that brought it.
     * Complete already where there is nothing to read.
     */
    static CompletableFuture<Prepared> readWithoutBlocking(HttpRequest request, Executor executor) {
        BodyPublisher publisher = request.bodyPublisher().orElse(null);
        Prepared unread = unread(request, publisher);
        if (unread != null) {
            return CompletableFuture.completedFuture(unread);
        }
        BodyReader reader = new BodyReader(LIMIT, publisher.contentLength());
        CompletableFuture<Prepared> prepared = reader.read().thenApply(read -> prepared(request, read));
        executor.execute(() -> reader.readFrom(publisher));
        CompletableFuture.delayedExecutor(WAIT_SECONDS, TimeUnit.SECONDS).execute(reader::stop);
        return prepared;
    }

    /** The request as it is where its body is not read; null where it is. */
    private static Prepared unread(HttpRequest request, BodyPublisher publisher) {
        if (publisher == null || publisher.contentLength() == 0) {
            return new Prepared(request, new byte[0]);
        }
        return publisher.contentLength() > LIMIT ? new Prepared(request, null) : null;
    }

    private static Prepared prepared(HttpRequest request, BodyReader.Read read) {
        if (read.whole() == null) {
            return new Prepared(withBody(request, read.rest()), null);
        }
        BodyPublisher copy = BodyPublishers.ofByteArray(read.whole());
        // A body of unknown length goes out chunked, as it would have: the copy declares none either.
        long declared = request.bodyPublisher().orElseThrow().contentLength();
        return new Prepared(withBody(request, declared < 0 ? BodyPublishers.fromPublisher(copy) : copy), read.whole());
    }

    private static HttpRequest withBody(HttpRequest request, BodyPublisher body) {
        return HttpRequest.newBuilder(request, (name, value) -> true).method(request.method(), body).build();
    }
}
