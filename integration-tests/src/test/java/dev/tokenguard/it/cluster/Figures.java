package dev.tokenguard.it.cluster;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tokenguard.demo.carrier.CarrierStats;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/** What the carrier and the users of a whole fleet saw in one run, for the printed comparison. */
record Figures(long tokenCalls, int peakTokenCallsPerSecond, long bans, long api401, long ok, long failed,
        Map<String, Long> failedByReason) {

    static Figures of(CarrierStats carrier, List<JsonNode> results) {
        long ok = results.stream().mapToLong(r -> r.path("ok").asLong()).sum();
        long failed = results.stream().mapToLong(r -> r.path("failedTotal").asLong()).sum();
        Map<String, Long> byReason = new TreeMap<>();
        results.forEach(r -> r.path("failed").fields().forEachRemaining(e -> {
            if (e.getValue().asLong() > 0) {
                byReason.merge(e.getKey(), e.getValue().asLong(), Long::sum);
            }
        }));
        return new Figures(carrier.tokenCalls(), carrier.peakTokenCallsPerSecond(), carrier.bans(),
                carrier.apiCalls(401), ok, failed, byReason);
    }

    /** Two runs side by side, as demo.sh prints its table. */
    static String table(String title, String leftName, Figures left, String rightName, Figures right) {
        StringBuilder b = new StringBuilder(title).append('\n');
        b.append(String.format(Locale.ROOT, "%-28s %12s %12s%n", "", leftName, rightName));
        row(b, "real token calls", left.tokenCalls, right.tokenCalls);
        row(b, "peak token calls/s", left.peakTokenCallsPerSecond, right.peakTokenCallsPerSecond);
        row(b, "bans", left.bans, right.bans);
        row(b, "API calls answered 401", left.api401, right.api401);
        row(b, "user calls ok", left.ok, right.ok);
        row(b, "user calls failed", left.failed, right.failed);
        return b.toString();
    }

    private static void row(StringBuilder b, String name, long left, long right) {
        b.append(String.format(Locale.ROOT, "%-28s %12d %12d%n", name, left, right));
    }
}
