package dev.tokenguard.demo.client;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/** Counters that every user thread adds to; {@link #snapshot} reads them once the users are done. */
final class RunStats {

    /** Stands in for a status when a request got no response at all. */
    static final String NO_RESPONSE = "io";

    private final LongAdder ok = new LongAdder();
    private final Map<String, LongAdder> servedMillis = new ConcurrentHashMap<>();
    private final Map<Failure, LongAdder> failed = new ConcurrentHashMap<>();
    private final Map<String, LongAdder> tokenRequestsByStatus = new ConcurrentHashMap<>();
    private final Map<String, LongAdder> apiRequestsByStatus = new ConcurrentHashMap<>();

    void callSucceeded() {
        ok.increment();
    }

    /** A call the carrier served (2xx) after an API request of this many milliseconds. */
    void served(long millis) {
        servedMillis.computeIfAbsent(Long.toString(millis), m -> new LongAdder()).increment();
    }

    void callFailed(Failure failure) {
        failed.computeIfAbsent(failure, f -> new LongAdder()).increment();
    }

    /** @param status the response status, or {@link #NO_RESPONSE} */
    void tokenRequest(String status) {
        tokenRequestsByStatus.computeIfAbsent(status, s -> new LongAdder()).increment();
    }

    /** @param status the response status, or {@link #NO_RESPONSE} */
    void apiRequest(String status) {
        apiRequestsByStatus.computeIfAbsent(status, s -> new LongAdder()).increment();
    }

    RunResult snapshot() {
        Map<String, Long> failedByReason = new LinkedHashMap<>();
        for (Failure failure : Failure.values()) {
            LongAdder count = failed.get(failure);
            failedByReason.put(failure.reason(), count == null ? 0 : count.sum());
        }
        return new RunResult(ok.sum(), sums(servedMillis), failedByReason, sums(tokenRequestsByStatus),
                sums(apiRequestsByStatus));
    }

    private static Map<String, Long> sums(Map<String, LongAdder> counters) {
        Map<String, Long> result = new TreeMap<>();
        counters.forEach((key, count) -> result.put(key, count.sum()));
        return result;
    }
}
