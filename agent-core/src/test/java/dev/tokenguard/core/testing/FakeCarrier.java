package dev.tokenguard.core.testing;

import dev.tokenguard.core.http.HttpHeaders;
import dev.tokenguard.core.transport.TokenTransport;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A carrier's token endpoint for tests: issues a new token per call (in FedEx's or UPS's shape,
 * expiring per the fake clock), unless a scripted answer is queued; counts and records every call.
 */
public final class FakeCarrier implements TokenTransport {
    public enum Shape { FEDEX, UPS }

    /** One call as the carrier saw it. */
    public record Call(URI url, HttpHeaders headers, String body, Duration elapsedAt) {}

    private interface Scripted {
        Response answer() throws IOException;
    }

    private final ManualClock clock;
    private final Shape shape;
    private final AtomicInteger issued = new AtomicInteger();
    private final List<Call> calls = Collections.synchronizedList(new ArrayList<>());
    private final Queue<Scripted> script = new ConcurrentLinkedQueue<>();
    private volatile long expiresInSeconds;
    private volatile int tokenLength = 40;
    private volatile CountDownLatch gate;
    private volatile Runnable beforeEachCall = () -> { };
    private volatile Duration nextStartUp = Duration.ZERO;

    public FakeCarrier(ManualClock clock, Shape shape, long expiresInSeconds) {
        this.clock = clock;
        this.shape = shape;
        this.expiresInSeconds = expiresInSeconds;
    }

    public FakeCarrier expiresIn(long seconds) {
        this.expiresInSeconds = seconds;
        return this;
    }

    /** Tokens padded to this many characters (FedEx's are JWTs of about 1,200). */
    public FakeCarrier tokenLength(int length) {
        this.tokenLength = length;
        return this;
    }

    /** Calls block until {@link #release()}. */
    public FakeCarrier hold() {
        gate = new CountDownLatch(1);
        return this;
    }

    /** Runs {@code hook} in every call, before answering (to hold a call until something happened). */
    public FakeCarrier beforeEachCall(Runnable hook) {
        this.beforeEachCall = hook;
        return this;
    }

    /** The next call leaves only this long (on the fake clock) after the broker hands it over: a client starting up. */
    public FakeCarrier nextStartsUpFor(Duration startUp) {
        this.nextStartUp = startUp;
        return this;
    }

    public void release() {
        CountDownLatch g = gate;
        if (g != null) {
            g.countDown();
        }
    }

    public FakeCarrier thenStatus(int status, String body, String... headerPairs) {
        HttpHeaders.Builder headers = HttpHeaders.builder().add("Content-Type", "application/json");
        for (int i = 0; i < headerPairs.length; i += 2) {
            headers.add(headerPairs[i], headerPairs[i + 1]);
        }
        HttpHeaders h = headers.build();
        script.add(() -> new Response(status, h, body.getBytes(StandardCharsets.UTF_8)));
        return this;
    }

    /** Answers 200 with exactly this token. */
    public FakeCarrier thenToken(String token, long expiresIn) {
        script.add(() -> tokenResponse(token, expiresIn));
        return this;
    }

    public FakeCarrier thenFailure(IOException error) {
        script.add(() -> {
            throw error;
        });
        return this;
    }

    public FakeCarrier thenThrow(RuntimeException error) {
        script.add(() -> {
            throw error;
        });
        return this;
    }

    public int calls() {
        return calls.size();
    }

    public List<Call> recorded() {
        synchronized (calls) {
            return List.copyOf(calls);
        }
    }

    public Call last() {
        List<Call> all = recorded();
        return all.get(all.size() - 1);
    }

    /** The value the n-th issued token (from 1) has. */
    public String token(int n) {
        String base = "tok-" + n + "-";
        StringBuilder b = new StringBuilder(base);
        while (b.length() < tokenLength) {
            b.append((char) ('a' + b.length() % 26));
        }
        return b.toString();
    }

    @Override
    public Response post(URI url, HttpHeaders headers, byte[] body, Duration timeout, Runnable departing)
            throws IOException {
        Duration startUp = nextStartUp;
        nextStartUp = Duration.ZERO;
        clock.advance(startUp);
        departing.run();
        return post(url, headers, body, timeout);
    }

    @Override
    public Response post(URI url, HttpHeaders headers, byte[] body, Duration timeout) throws IOException {
        calls.add(new Call(url, headers, new String(body, StandardCharsets.UTF_8), clock.elapsed()));
        CountDownLatch g = gate;
        if (g != null) {
            try {
                if (!g.await(30, TimeUnit.SECONDS)) {
                    throw new IllegalStateException("the gate was never released");
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted");
            }
        }
        beforeEachCall.run();
        Scripted next = script.poll();
        if (next != null) {
            return next.answer();
        }
        return tokenResponse(token(issued.incrementAndGet()), expiresInSeconds);
    }

    private Response tokenResponse(String token, long expiresIn) {
        String json = switch (shape) {
            case FEDEX -> "{\"access_token\":\"" + token + "\",\"token_type\":\"bearer\",\"expires_in\":" + expiresIn
                    + ",\"scope\":\"CXS\"}";
            case UPS -> "{\"token_type\":\"Bearer\",\"issued_at\":\"" + clock.currentTimeMillis()
                    + "\",\"client_id\":\"ups-client\",\"access_token\":\"" + token + "\",\"scope\":\"\",\"expires_in\":\""
                    + expiresIn + "\",\"refresh_count\":\"0\",\"status\":\"approved\"}";
        };
        return new Response(200, HttpHeaders.builder().add("Content-Type", "application/json").build(),
                json.getBytes(StandardCharsets.UTF_8));
    }
}
