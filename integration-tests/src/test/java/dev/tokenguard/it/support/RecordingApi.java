package dev.tokenguard.it.support;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import okhttp3.mockwebserver.Dispatcher;
import okhttp3.mockwebserver.MockResponse;
import okhttp3.mockwebserver.MockWebServer;
import okhttp3.mockwebserver.RecordedRequest;
import okio.Buffer;

/**
 * A carrier's API host for the policy scenarios, over plain HTTP: it answers every call 200 and
 * writes down when each arrived, its path and how many bytes it carried, and how many were in its
 * hands at once. Paths under {@code /slow/} take {@link #SLOW} to answer; paths under
 * {@code /download/} answer {@link #DOWNLOAD_BYTES} bytes. {@link #answer429Next} makes the next call
 * get a 429 with {@code Retry-After}, as a carrier's own rate limit would.
 */
public final class RecordingApi implements AutoCloseable {
    public static final long SLOW_MILLIS = 200;
    public static final int DOWNLOAD_BYTES = 64 * 1024;

    /** One call as the server saw it: when it arrived and when it was answered (epoch milliseconds). */
    public record Arrival(long arrivedMillis, long answeredMillis, String method, String path, long requestBytes, int status) {}

    private final MockWebServer server = new MockWebServer();
    private final List<Arrival> arrivals = new ArrayList<>();
    private final AtomicInteger inFlight = new AtomicInteger();
    private final AtomicInteger maxInFlight = new AtomicInteger();
    /** FedEx's daily-quota answer (CARRIERS.md), as the body of a 429 without {@code Retry-After}. */
    public static final String DAILY_QUOTA_BODY = "{\"transactionId\":\"daily\",\"errors\":[{\"code\":"
            + "\"TOO.MANY.REQUESTS.ERROR\",\"message\":\"Daily transaction quota exceeded. Retry after 12:00AM GMT\"}]}";
    private static final String DAILY_QUOTA = "daily";
    private volatile String next429RetryAfter;

    public RecordingApi() throws IOException {
        server.setDispatcher(new Dispatcher() {
            @Override
            public MockResponse dispatch(RecordedRequest request) throws InterruptedException {
                return answer(request);
            }
        });
        server.start();
    }

    public String hostPort() {
        return "127.0.0.1:" + server.getPort();
    }

    public String url(String path) {
        return "http://" + hostPort() + path;
    }

    /** The next call, whichever it is, gets {@code 429} with this {@code Retry-After} value. */
    public void answer429Next(String retryAfter) {
        next429RetryAfter = retryAfter;
    }

    /** The next call gets FedEx's daily-quota 429: no {@code Retry-After}, the reset time in the body only. */
    public void answerDailyQuotaNext() {
        next429RetryAfter = DAILY_QUOTA;
    }

    public synchronized List<Arrival> arrivals() {
        return List.copyOf(arrivals);
    }

    /** The calls whose path starts with {@code prefix}. */
    public List<Arrival> arrivals(String prefix) {
        return arrivals().stream().filter(a -> a.path().startsWith(prefix)).toList();
    }

    public int maxInFlight() {
        return maxInFlight.get();
    }

    private MockResponse answer(RecordedRequest request) throws InterruptedException {
        long arrived = System.currentTimeMillis();
        int now = inFlight.incrementAndGet();
        maxInFlight.accumulateAndGet(now, Math::max);
        try {
            String path = request.getPath() == null ? "/" : request.getPath();
            MockResponse response;
            String retryAfter = take429();
            if (DAILY_QUOTA.equals(retryAfter)) {
                response = new MockResponse().setResponseCode(429).setHeader("Content-Type", "application/json")
                        .setBody(DAILY_QUOTA_BODY);
            } else if (retryAfter != null) {
                response = new MockResponse().setResponseCode(429).setHeader("Retry-After", retryAfter)
                        .setHeader("Content-Type", "application/json")
                        .setBody("{\"errors\":[{\"code\":\"TOO.MANY.REQUESTS\",\"message\":\"slow down\"}]}");
            } else {
                if (path.startsWith("/slow/")) {
                    TimeUnit.MILLISECONDS.sleep(SLOW_MILLIS);
                }
                response = new MockResponse().setResponseCode(200).setHeader("Content-Type", "application/json");
                if (path.startsWith("/download/")) {
                    response.setBody(new Buffer().write(new byte[DOWNLOAD_BYTES]));
                } else {
                    response.setBody("{\"ok\":true}");
                }
            }
            synchronized (this) {
                arrivals.add(new Arrival(arrived, System.currentTimeMillis(), request.getMethod(), path,
                        request.getBodySize(), retryAfter != null ? 429 : 200));
            }
            return response;
        } finally {
            inFlight.decrementAndGet();
        }
    }

    private synchronized String take429() {
        String retryAfter = next429RetryAfter;
        next429RetryAfter = null;
        return retryAfter;
    }

    @Override
    public void close() throws IOException {
        server.shutdown();
    }
}
