package dev.tokenguard.agent.jdkhttp;

import java.net.http.HttpRequest.BodyPublisher;
import java.nio.ByteBuffer;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Flow;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Subscribes once to the application's body publisher and reads it, one item at a time, until it
 * ends or {@code limit} bytes are passed or {@link #stop()} is called; then {@link #read()} completes.
 *
 * <p>A body that ended within the limit is read whole ({@link Read#whole()}). Otherwise reading
 * stops where it is and {@link Read#rest()} is a publisher of the whole body for the real call: the
 * items already read, then the rest pulled from the same subscription as the client asks for it, then
 * the publisher's own end or error. The application's publisher is never subscribed to twice and its
 * subscription never cancelled by tokenguard, so a one-shot publisher ({@code ofInputStream},
 * {@code fromPublisher}) reaches the carrier whole. The rest can be sent once.
 */
final class BodyReader implements Flow.Subscriber<ByteBuffer> {

    /** @param whole the body, or null where it was not read to its end; then {@code rest} sends it */
    record Read(byte[] whole, BodyPublisher rest) {}

    private static final Object COMPLETE = new Object();
    private static final Flow.Subscription NOTHING = new Flow.Subscription() {
        @Override
        public void request(long n) {}

        @Override
        public void cancel() {}
    };

    private final long limit;
    private final long contentLength;
    private final CompletableFuture<Read> read = new CompletableFuture<>();
    private final AtomicBoolean decided = new AtomicBoolean();
    /** Every item received and not yet handed to the real call, in order. */
    private final Queue<ByteBuffer> items = new ConcurrentLinkedQueue<>();
    /** Items requested from the application's publisher and not yet received. */
    private final AtomicLong outstanding = new AtomicLong();
    private final Rest rest = new Rest();
    private volatile Flow.Subscription upstream;
    private volatile long size;
    /** {@link #COMPLETE}, the publisher's error, or null while it has not ended. */
    private volatile Object end;

    /** @param contentLength what the application's publisher declares, which the rest declares too */
    BodyReader(long limit, long contentLength) {
        this.limit = limit;
        this.contentLength = contentLength;
    }

    /** Completes once, on the thread that brought the last item read, the end, or the stop. */
    CompletableFuture<Read> read() {
        return read;
    }

    /** Stops reading where it is (a body still being produced): the rest goes with the real call. */
    void stop() {
        if (decided.compareAndSet(false, true)) {
            read.complete(new Read(null, rest));
        }
    }

    /**
     * Subscribes to the application's publisher. One that throws instead of signalling an error
     * (against Flow's rule 1.9) fails the real call with it, as it would fail the client's own.
     */
    void readFrom(BodyPublisher publisher) {
        try {
            publisher.subscribe(this);
        } catch (RuntimeException e) {
            onError(e);
        }
    }

    @Override
    public void onSubscribe(Flow.Subscription subscription) {
        upstream = subscription;
        requestOne();
    }

    @Override
    public void onNext(ByteBuffer item) {
        outstanding.decrementAndGet();
        size += item.remaining(); // signals are serial (Flow's rule 1.3): no lost update
        // Copied while reading: an item held until the body ends must not change if its publisher
        // reuses the buffer. Past that, items go through as the client would take them.
        items.add(decided.get() ? item : copyOf(item));
        if (rest.attached()) {
            rest.drain();
        } else if (!decided.get()) {
            if (size > limit) {
                stop();
            } else {
                requestOne();
            }
        }
    }

    @Override
    public void onError(Throwable error) {
        ended(error);
    }

    @Override
    public void onComplete() {
        ended(COMPLETE);
    }

    private void ended(Object how) {
        end = how;
        if (how == COMPLETE && decided.compareAndSet(false, true)) {
            read.complete(new Read(concatenated(), null));
        } else {
            // A failed publisher fails the real call as it would without tokenguard.
            stop();
            rest.drain();
        }
    }

    private void requestOne() {
        outstanding.incrementAndGet();
        upstream.request(1);
    }

    private static ByteBuffer copyOf(ByteBuffer item) {
        ByteBuffer copy = ByteBuffer.allocate(item.remaining());
        copy.put(item.duplicate()).flip();
        return copy;
    }

    private byte[] concatenated() {
        byte[] whole = new byte[Math.toIntExact(size)];
        int at = 0;
        for (ByteBuffer item : items) {
            int length = item.remaining();
            item.duplicate().get(whole, at, length);
            at += length;
        }
        items.clear();
        return whole;
    }

    /**
     * The body for the real call. A single drain loop (whoever increments {@code work} from zero runs
     * it, others leave it a note by incrementing) hands items over in order and only on demand, from
     * any thread: the client's requests and the publisher's signals may arrive at once.
     */
    private final class Rest implements BodyPublisher, Flow.Subscription {
        private final AtomicInteger work = new AtomicInteger();
        private final AtomicLong demand = new AtomicLong();
        private final AtomicBoolean subscribed = new AtomicBoolean();
        private final AtomicBoolean ended = new AtomicBoolean();
        /** Set before its {@code onSubscribe}; {@code downstream} after, when items may flow to it. */
        private volatile Flow.Subscriber<? super ByteBuffer> subscriber;
        private volatile Flow.Subscriber<? super ByteBuffer> downstream;
        private volatile boolean cancelled;

        @Override
        public long contentLength() {
            return contentLength;
        }

        @Override
        public void subscribe(Flow.Subscriber<? super ByteBuffer> subscriber) {
            if (!subscribed.compareAndSet(false, true)) {
                subscriber.onSubscribe(NOTHING);
                subscriber.onError(new IllegalStateException("a streamed request body can be sent once"));
                return;
            }
            this.subscriber = subscriber;
            subscriber.onSubscribe(this);
            downstream = subscriber;
            drain();
        }

        boolean attached() {
            return downstream != null;
        }

        @Override
        public void request(long n) {
            if (n <= 0) {
                cancel();
                subscriber.onError(new IllegalArgumentException("non-positive request: " + n)); // rule 3.9
                return;
            }
            demand.getAndAccumulate(n, (a, b) -> a + b < 0 ? Long.MAX_VALUE : a + b);
            drain();
        }

        @Override
        public void cancel() {
            cancelled = true;
            Flow.Subscription source = upstream;
            if (source != null) {
                source.cancel();
            }
            items.clear();
        }

        void drain() {
            if (downstream == null || work.getAndIncrement() != 0) {
                return;
            }
            do {
                handOver();
            } while (work.decrementAndGet() != 0);
        }

        private void handOver() {
            Flow.Subscriber<? super ByteBuffer> subscriber = downstream;
            while (!cancelled && demand.get() > 0) {
                ByteBuffer item = items.poll();
                if (item == null) {
                    break;
                }
                demand.decrementAndGet();
                subscriber.onNext(item);
            }
            if (cancelled || !items.isEmpty()) {
                return;
            }
            Object how = end;
            if (how != null) {
                if (ended.compareAndSet(false, true)) {
                    if (how == COMPLETE) {
                        subscriber.onComplete();
                    } else {
                        subscriber.onError((Throwable) how);
                    }
                }
                return;
            }
            long wanted = demand.get() - outstanding.get();
            if (wanted > 0) {
                outstanding.addAndGet(wanted);
                upstream.request(wanted);
            }
        }
    }
}
