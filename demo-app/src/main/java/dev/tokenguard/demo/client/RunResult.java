package dev.tokenguard.demo.client;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * What a run's users saw, and what the application sent to get it: the RESULT line's content.
 *
 * @param servedMillis          calls the carrier served (2xx), by how long their API request took
 *                              in whole milliseconds (as a string, like the other keys)
 * @param failed                user calls failed, by {@link Failure#reason()}, every reason present
 * @param tokenRequestsByStatus token requests the application made, by response status ("io": none)
 * @param apiRequestsByStatus   API requests the application made, by response status ("io": none)
 */
public record RunResult(
        long ok,
        Map<String, Long> servedMillis,
        Map<String, Long> failed,
        Map<String, Long> tokenRequestsByStatus,
        Map<String, Long> apiRequestsByStatus) {

    /** Starts the machine-readable last line of the client's output. */
    public static final String PREFIX = "RESULT ";

    private static final ObjectMapper JSON = new ObjectMapper();

    public RunResult {
        servedMillis = Map.copyOf(servedMillis);
        failed = Map.copyOf(failed);
        tokenRequestsByStatus = Map.copyOf(tokenRequestsByStatus);
        apiRequestsByStatus = Map.copyOf(apiRequestsByStatus);
    }

    public long failedTotal() {
        return total(failed);
    }

    public long calls() {
        return ok + failedTotal();
    }

    public long failed(Failure failure) {
        return failed.getOrDefault(failure.reason(), 0L);
    }

    /** Calls the carrier served whose API request took more than {@code millis}. */
    public long servedSlowerThan(long millis) {
        return servedMillis.entrySet().stream()
                .filter(e -> Long.parseLong(e.getKey()) > millis)
                .mapToLong(Map.Entry::getValue)
                .sum();
    }

    /** The median time of a served call's API request, in milliseconds; 0 if none was served. */
    public long medianServedMillis() {
        long half = (total(servedMillis) + 1) / 2;
        long seen = 0;
        for (Map.Entry<Long, Long> entry : numeric(servedMillis).entrySet()) {
            seen += entry.getValue();
            if (seen >= half) {
                return entry.getKey();
            }
        }
        return 0;
    }

    public long tokenRequests() {
        return total(tokenRequestsByStatus);
    }

    /** Token requests that got anything but a 200, including those that got no response. */
    public long tokenRequestsNon200() {
        return tokenRequests() - tokenRequestsByStatus.getOrDefault("200", 0L);
    }

    public long apiRequests() {
        return total(apiRequestsByStatus);
    }

    /** Adds up two runs, as the client JVMs of one scenario that share a carrier. */
    public RunResult plus(RunResult other) {
        return new RunResult(ok + other.ok, add(servedMillis, other.servedMillis), add(failed, other.failed),
                add(tokenRequestsByStatus, other.tokenRequestsByStatus),
                add(apiRequestsByStatus, other.apiRequestsByStatus));
    }

    public static RunResult empty() {
        return new RunResult(0, Map.of(), Map.of(), Map.of(), Map.of());
    }

    /**
     * The RESULT line, e.g. {@code RESULT {"ok":10,"servedMillis":{"1":8,"2":2},"failed":{"auth":2,...},"failedTotal":2,
     * "tokenRequests":5,"tokenRequestsNon200":1,"tokenRequestsByStatus":{"200":4,"403":1},
     * "apiRequests":14,"apiRequestsByStatus":{"200":10,"401":4}}}.
     */
    public String toResultLine() {
        ObjectNode json = JSON.createObjectNode();
        json.put("ok", ok);
        json.set("servedMillis", JSON.valueToTree(numeric(servedMillis)));
        Map<String, Long> failedInOrder = new LinkedHashMap<>();
        for (Failure failure : Failure.values()) {
            failedInOrder.put(failure.reason(), failed(failure));
        }
        json.set("failed", JSON.valueToTree(failedInOrder));
        json.put("failedTotal", failedTotal());
        json.put("tokenRequests", tokenRequests());
        json.put("tokenRequestsNon200", tokenRequestsNon200());
        json.set("tokenRequestsByStatus", JSON.valueToTree(new TreeMap<>(tokenRequestsByStatus)));
        json.put("apiRequests", apiRequests());
        json.set("apiRequestsByStatus", JSON.valueToTree(new TreeMap<>(apiRequestsByStatus)));
        return PREFIX + json;
    }

    /** Reads a line written by {@link #toResultLine()}; the totals in it are derived, so ignored. */
    public static RunResult fromResultLine(String line) throws IOException {
        if (!line.startsWith(PREFIX)) {
            throw new IOException("not a RESULT line: " + line);
        }
        JsonNode json = JSON.readTree(line.substring(PREFIX.length()));
        return new RunResult(json.path("ok").asLong(), counts(json.path("servedMillis")), counts(json.path("failed")),
                counts(json.path("tokenRequestsByStatus")), counts(json.path("apiRequestsByStatus")));
    }

    private static Map<String, Long> counts(JsonNode object) {
        Map<String, Long> counts = new LinkedHashMap<>();
        object.fields().forEachRemaining(field -> counts.put(field.getKey(), field.getValue().asLong()));
        return counts;
    }

    private static Map<String, Long> add(Map<String, Long> a, Map<String, Long> b) {
        Map<String, Long> sum = new LinkedHashMap<>(a);
        b.forEach((key, count) -> sum.merge(key, count, Long::sum));
        return sum;
    }

    private static Map<Long, Long> numeric(Map<String, Long> byMillis) {
        Map<Long, Long> sorted = new TreeMap<>();
        byMillis.forEach((millis, count) -> sorted.put(Long.parseLong(millis), count));
        return sorted;
    }

    private static long total(Map<String, Long> counts) {
        return counts.values().stream().mapToLong(Long::longValue).sum();
    }
}
