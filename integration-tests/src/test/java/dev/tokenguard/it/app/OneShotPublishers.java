package dev.tokenguard.it.app;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.Flow;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * {@code java.net.http} requests whose body publisher has one subscription's worth of data, sent the
 * way applications forwarding a stream send them, for {@link ScenarioDriver}.
 */
final class OneShotPublishers {
    private static final ObjectMapper JSON = new ObjectMapper();
    /** Bodies of unknown length come in pieces this size, as a stream read into a buffer does. */
    private static final int CHUNK = 8 * 1024;

    private final HttpClient jdk = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(20)).build();

    /**
     * {@code {"op":"jdk-one-shot","publisher":"input-stream"|"single-subscription","url":..,
     * "contentType":..,"body":..}}: a POST on {@code java.net.http.HttpClient} whose body a second
     * subscription would not get again; answers {@code {"status","body"}}.
     */
    ObjectNode send(JsonNode command) throws Exception {
        byte[] body = command.path("body").asText().getBytes(StandardCharsets.UTF_8);
        String kind = command.path("publisher").asText();
        HttpRequest.BodyPublisher publisher = switch (kind) {
            // One stream, handed out by every call of the supplier: what an application forwarding
            // an upload does. A second subscription reads it from where the first stopped.
            case "input-stream" -> {
                InputStream stream = new ByteArrayInputStream(body);
                yield HttpRequest.BodyPublishers.ofInputStream(() -> stream);
            }
            case "single-subscription" -> new SingleSubscription(body);
            default -> throw new IllegalArgumentException("unknown publisher '" + kind + "'");
        };
        HttpResponse<String> response = jdk.send(HttpRequest.newBuilder(URI.create(command.path("url").asText()))
                        .header("Content-Type", command.path("contentType").asText())
                        .timeout(Duration.ofSeconds(30))
                        .POST(publisher)
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        ObjectNode reply = JSON.createObjectNode();
        reply.put("status", response.statusCode());
        reply.put("body", response.body());
        return reply;
    }

    /**
     * A publisher of unknown length that serves its bytes to its first subscriber only, as one
     * wrapping a network stream must; a second subscriber gets {@code onError}.
     */
    private static final class SingleSubscription implements HttpRequest.BodyPublisher {
        private final byte[] body;
        private final AtomicBoolean subscribed = new AtomicBoolean();

        SingleSubscription(byte[] body) {
            this.body = body;
        }

        @Override
        public long contentLength() {
            return -1;
        }

        @Override
        public void subscribe(Flow.Subscriber<? super ByteBuffer> subscriber) {
            if (!subscribed.compareAndSet(false, true)) {
                subscriber.onSubscribe(new Flow.Subscription() {
                    @Override
                    public void request(long n) {}

                    @Override
                    public void cancel() {}
                });
                subscriber.onError(new IllegalStateException("this body was read already"));
                return;
            }
            subscriber.onSubscribe(new Chunks(subscriber, body));
        }
    }

    /** Hands out the body in {@link #CHUNK}-sized buffers as they are requested. */
    private static final class Chunks implements Flow.Subscription {
        private final Flow.Subscriber<? super ByteBuffer> subscriber;
        private final byte[] body;
        private int offset;
        private boolean done;

        Chunks(Flow.Subscriber<? super ByteBuffer> subscriber, byte[] body) {
            this.subscriber = subscriber;
            this.body = body;
        }

        @Override
        public synchronized void request(long n) {
            for (long i = 0; i < n && !done; i++) {
                if (offset >= body.length) {
                    done = true;
                    subscriber.onComplete();
                    return;
                }
                int length = Math.min(CHUNK, body.length - offset);
                ByteBuffer chunk = ByteBuffer.wrap(body, offset, length).slice();
                offset += length;
                subscriber.onNext(chunk);
            }
            if (!done && offset >= body.length) {
                done = true;
                subscriber.onComplete();
            }
        }

        @Override
        public synchronized void cancel() {
            done = true;
        }
    }
}
