package dev.tokenguard.agent.jdkhttp;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.net.http.HttpRequest.BodyPublishers;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Flow;
import java.util.concurrent.SubmissionPublisher;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** A body is read up to a limit, and whatever is not read whole is still sent whole, once. */
class BodyReaderTest {

    private static final int LIMIT = 10 * 1024;
    private static final int ITEM = 1024;

    private final AtomicInteger pulled = new AtomicInteger();

    @Test
    void bodyWithinTheLimitIsReadWhole() {
        BodyReader reader = new BodyReader(LIMIT, -1);

        reader.readFrom(BodyPublishers.ofByteArrays(counted(items(5))));

        assertArrayEquals(bytes(5), reader.read().join().whole());
    }

    @Test
    void bodyPastTheLimitIsReadNoFurtherUntilTheRealCallAsksForIt() {
        BodyReader reader = new BodyReader(LIMIT, -1);

        reader.readFrom(BodyPublishers.ofByteArrays(counted(items(100))));
        BodyReader.Read read = reader.read().join();

        assertNull(read.whole());
        assertTrue(pulled.get() <= LIMIT / ITEM + 1, "pulled " + pulled.get() + " items before the real call");
    }

    @Test
    void restOfABodyPastTheLimitIsTheWholeBodyInOrder() throws Exception {
        BodyReader reader = new BodyReader(LIMIT, -1);
        reader.readFrom(BodyPublishers.ofByteArrays(counted(items(100))));

        assertArrayEquals(bytes(100), sent(reader.read().join()).get(30, TimeUnit.SECONDS));
    }

    @Test
    void restCanBeSentOnlyOnce() throws Exception {
        BodyReader reader = new BodyReader(LIMIT, -1);
        reader.readFrom(BodyPublishers.ofByteArrays(counted(items(100))));
        BodyReader.Read read = reader.read().join();
        sent(read).get(30, TimeUnit.SECONDS);

        ExecutionException second = assertThrows(ExecutionException.class,
                () -> sent(read).get(30, TimeUnit.SECONDS));
        assertInstanceOf(IllegalStateException.class, second.getCause());
    }

    @Test
    void bodyStoppedWhileStillStreamingIsSentWholeAsItGoesOn() throws Exception {
        List<byte[]> items = items(3);
        SubmissionPublisher<ByteBuffer> stream = new SubmissionPublisher<>(Runnable::run, 16);
        BodyReader reader = new BodyReader(LIMIT, -1);
        reader.readFrom(BodyPublishers.fromPublisher(stream));
        stream.submit(ByteBuffer.wrap(items.get(0)));

        reader.stop();
        BodyReader.Read read = reader.read().join();
        CompletableFuture<byte[]> sent = sent(read);
        stream.submit(ByteBuffer.wrap(items.get(1)));
        stream.submit(ByteBuffer.wrap(items.get(2)));
        stream.close();

        assertNull(read.whole());
        assertArrayEquals(bytes(3), sent.get(30, TimeUnit.SECONDS));
    }

    private static List<byte[]> items(int count) {
        List<byte[]> items = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            byte[] item = new byte[ITEM];
            Arrays.fill(item, (byte) ('a' + i % 26));
            items.add(item);
        }
        return items;
    }

    private static byte[] bytes(int count) {
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        items(count).forEach(item -> all.write(item, 0, item.length));
        return all.toByteArray();
    }

    /** Counts the items the publisher gives out. */
    private Iterable<byte[]> counted(List<byte[]> items) {
        return () -> new Iterator<>() {
            private final Iterator<byte[]> inner = items.iterator();

            @Override
            public boolean hasNext() {
                return inner.hasNext();
            }

            @Override
            public byte[] next() {
                pulled.incrementAndGet();
                return inner.next();
            }
        };
    }

    /** What a real call would send of {@code read}'s rest, asking for one item at a time. */
    private static CompletableFuture<byte[]> sent(BodyReader.Read read) {
        CompletableFuture<byte[]> body = new CompletableFuture<>();
        read.rest().subscribe(new Flow.Subscriber<ByteBuffer>() {
            private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            private Flow.Subscription subscription;

            @Override
            public void onSubscribe(Flow.Subscription subscription) {
                this.subscription = subscription;
                subscription.request(1);
            }

            @Override
            public void onNext(ByteBuffer item) {
                byte[] chunk = new byte[item.remaining()];
                item.get(chunk);
                bytes.write(chunk, 0, chunk.length);
                subscription.request(1);
            }

            @Override
            public void onError(Throwable error) {
                body.completeExceptionally(error);
            }

            @Override
            public void onComplete() {
                body.complete(bytes.toByteArray());
            }
        });
        return body;
    }
}
