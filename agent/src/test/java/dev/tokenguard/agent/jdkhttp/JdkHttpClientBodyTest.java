package dev.tokenguard.agent.jdkhttp;

import static dev.tokenguard.agent.ScriptedGuard.proceedWith;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.tokenguard.agent.RawCarrierFixture;
import dev.tokenguard.core.http.RequestGuard.Replays;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublisher;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Flow;
import java.util.concurrent.SubmissionPublisher;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/**
 * Request bodies the application's publisher can give only once reach the carrier whole: a token
 * request's is read for the guard and the copy sent, a large one is sent as it streams.
 */
class JdkHttpClientBodyTest extends RawCarrierFixture {

    private static final String FORM = "grant_type=client_credentials&client_id=app";
    private static final int LARGE = 200 * 1024;

    private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    @Test
    void tokenRequestFromOneInputStreamIsReadForTheGuardAndArrivesWhole() throws Exception {
        guard.decide(request -> proceedWith("token", "X-Seen", "1"));

        HttpResponse<String> response = client.send(post("/oauth/token", oneStream(FORM)), BodyHandlers.ofString());

        assertEquals(200, response.statusCode());
        assertEquals(FORM, new String(guard.decided.get(0).body(), StandardCharsets.UTF_8));
        assertEquals(FORM, carrier.received().get(0).bodyText());
    }

    @Test
    void asyncTokenRequestFromOneInputStreamIsReadForTheGuardAndArrivesWhole() throws Exception {
        guard.decide(request -> proceedWith("token", "X-Seen", "1"));

        HttpResponse<String> response = client.sendAsync(post("/oauth/token", oneStream(FORM)), BodyHandlers.ofString())
                .get(30, TimeUnit.SECONDS);

        assertEquals(200, response.statusCode());
        assertEquals(FORM, new String(guard.decided.get(0).body(), StandardCharsets.UTF_8));
        assertEquals(FORM, carrier.received().get(0).bodyText());
    }

    @Test
    void tokenRequestFromAPublisherThatCanBeSubscribedOnceArrivesWhole() throws Exception {
        guard.decide(request -> proceedWith("token", "X-Seen", "1"));

        client.send(post("/oauth/token", new SubscribedOnce(FORM.getBytes(StandardCharsets.UTF_8))),
                BodyHandlers.ofString());

        assertEquals(FORM, new String(guard.decided.get(0).body(), StandardCharsets.UTF_8));
        assertEquals(FORM, carrier.received().get(0).bodyText());
    }

    @Test
    void largeApiBodyFromAPublisherThatCanBeSubscribedOnceArrivesWholeAndUnread() throws Exception {
        guard.decide(request -> proceedWith("api", "Authorization", "Bearer t"));
        byte[] body = large();

        client.send(post("/ship/v1/labels", new SubscribedOnce(body)), BodyHandlers.ofString());

        assertNull(guard.decided.get(0).body());
        assertArrayEquals(body, carrier.received().get(0).body());
    }

    @Test
    void asyncLargeApiBodyFromOneInputStreamArrivesWhole() throws Exception {
        guard.decide(request -> proceedWith("api", "Authorization", "Bearer t"));
        byte[] body = large();
        InputStream once = new ByteArrayInputStream(body);

        client.sendAsync(post("/ship/v1/labels", BodyPublishers.ofInputStream(() -> once)), BodyHandlers.ofString())
                .get(30, TimeUnit.SECONDS);

        assertArrayEquals(body, carrier.received().get(0).body());
    }

    @Test
    void requestWhoseBodyWasNotReadWholeIsNeverReplayed() throws Exception {
        carrier.respond(401, "Unauthorized", "no").respond(200, "OK", "shipped");
        scriptReplayOn401();
        byte[] body = large();

        HttpResponse<String> response =
                client.send(post("/ship/v1/labels", new SubscribedOnce(body)), BodyHandlers.ofString());

        assertEquals(401, response.statusCode());
        assertEquals(1, carrier.received().size());
        assertEquals(List.of(Replays.NEVER), guard.responses.stream().map(r -> r.replays()).toList());
    }

    @Test
    void requestWhoseOneShotBodyWasReadWholeIsReplayedWithIt() throws Exception {
        carrier.respond(401, "Unauthorized", "no").respond(200, "OK", "shipped");
        scriptReplayOn401();

        HttpResponse<String> response = client.send(post("/ship", oneStream("{\"n\":1}")), BodyHandlers.ofString());

        assertEquals("shipped", response.body());
        assertEquals("{\"n\":1}", carrier.received().get(1).bodyText());
    }

    @Test
    void oneShotBodyReadWholeFollowsATemporaryRedirectWhole() throws Exception {
        carrier.respond(307, "Temporary Redirect", "", "Location: " + other.url("/ship/moved"));
        guard.decide(request -> proceedWith("api", "Authorization", "Bearer t"));
        HttpClient following = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .followRedirects(HttpClient.Redirect.NORMAL).build();

        following.send(post("/ship", oneStream("{\"n\":1}")), BodyHandlers.ofString());

        assertEquals("{\"n\":1}", other.received().get(0).bodyText());
    }

    @Test
    void asyncBodyIsReadOffTheCallersThread() throws Exception {
        guard.decide(request -> proceedWith("token", "X-Seen", "1"));
        CountDownLatch produced = new CountDownLatch(1);
        HttpRequest request = post("/oauth/token", BodyPublishers.ofInputStream(() -> heldBack(FORM, produced)));

        CompletableFuture<HttpResponse<String>> response = CompletableFuture
                .supplyAsync(() -> client.sendAsync(request, BodyHandlers.ofString()))
                .get(30, TimeUnit.SECONDS);

        assertFalse(response.isDone());
        produced.countDown();
        assertEquals(200, response.get(30, TimeUnit.SECONDS).statusCode());
        assertEquals(FORM, carrier.received().get(0).bodyText());
    }

    @Test
    void asyncBodyIsReadOffTheClientsExecutor() throws Exception {
        guard.decide(request -> proceedWith("token", "X-Seen", "1"));
        ExecutorService oneThread = Executors.newSingleThreadExecutor();
        CountDownLatch produced = new CountDownLatch(1);
        try {
            HttpClient withExecutor = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                    .executor(oneThread).build();
            CompletableFuture<HttpResponse<String>> held = withExecutor.sendAsync(
                    post("/oauth/token", BodyPublishers.ofInputStream(() -> heldBack(FORM, produced))),
                    BodyHandlers.ofString());

            // Completing this call needs the client's one thread: a body read there would hold it.
            HttpRequest other = HttpRequest.newBuilder(URI.create(carrier.url("/track"))).build();
            assertEquals(200, withExecutor.sendAsync(other, BodyHandlers.ofString()).get(30, TimeUnit.SECONDS)
                    .statusCode());
            produced.countDown();
            assertEquals(200, held.get(30, TimeUnit.SECONDS).statusCode());
        } finally {
            produced.countDown();
            oneThread.shutdown();
        }
    }

    private HttpRequest post(String path, BodyPublisher body) {
        return HttpRequest.newBuilder(URI.create(carrier.url(path)))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(body)
                .build();
    }

    /** A stream of {@code text} whose reading waits until {@code produced} is counted down. */
    private static InputStream heldBack(String text, CountDownLatch produced) {
        InputStream bytes = new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8));
        return new InputStream() {
            @Override
            public int read() throws IOException {
                try {
                    produced.await();
                } catch (InterruptedException e) {
                    throw new IOException(e);
                }
                return bytes.read();
            }
        };
    }

    /** {@code ofInputStream} over one stream, as an application streaming a body it has once. */
    private static BodyPublisher oneStream(String text) {
        InputStream once = new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8));
        return BodyPublishers.ofInputStream(() -> once);
    }

    private static byte[] large() {
        byte[] body = new byte[LARGE];
        for (int i = 0; i < body.length; i++) {
            body[i] = (byte) ('a' + i % 26);
        }
        return body;
    }

    /** A body of unknown length in 8 KiB items that a second subscriber gets only an error from. */
    private static final class SubscribedOnce implements BodyPublisher {
        private final byte[] body;
        private final AtomicBoolean subscribed = new AtomicBoolean();

        SubscribedOnce(byte[] body) {
            this.body = body;
        }

        @Override
        public long contentLength() {
            return -1;
        }

        @Override
        public void subscribe(Flow.Subscriber<? super ByteBuffer> subscriber) {
            SubmissionPublisher<ByteBuffer> items = new SubmissionPublisher<>();
            if (!subscribed.compareAndSet(false, true)) {
                items.closeExceptionally(new IOException("this body was already sent"));
                items.subscribe(subscriber);
                return;
            }
            items.subscribe(subscriber);
            CompletableFuture.runAsync(() -> {
                for (int at = 0; at < body.length; at += 8192) {
                    items.submit(ByteBuffer.wrap(body, at, Math.min(8192, body.length - at)));
                }
                items.close();
            });
        }
    }
}
