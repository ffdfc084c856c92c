package dev.tokenguard.demo.client;

import java.io.PrintStream;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/** The table the naive client prints at the end of a run, closed by the RESULT line. */
final class ResultTable {

    private ResultTable() {}

    static void print(ClientOptions options, RunResult result, PrintStream out) {
        out.printf("== %s ==%n", options.label());
        out.printf("%s via %s at %s: %d users for %s, think %s%n", options.carrier().flagName(),
                options.client().flagName(), options.baseUrl(), options.users(),
                human(options.duration().toMillis()), human(options.think().toMillis()));
        row(out, "user calls", result.calls(), "");
        row(out, "  ok", result.ok(), "");
        row(out, "  median API request ms", result.medianServedMillis(), "of the calls ok");
        row(out, "  failed", result.failedTotal(), "");
        for (Failure failure : Failure.values()) {
            long count = result.failed(failure);
            if (count > 0) {
                row(out, "    " + failure.reason(), count, failure == Failure.AUTH
                        ? "\"Issue with authentication. Please try again later.\"" : "");
            }
        }
        row(out, "token requests made", result.tokenRequests(), byStatus(result.tokenRequestsByStatus()));
        row(out, "  answered non-200", result.tokenRequestsNon200(), "");
        row(out, "API requests made", result.apiRequests(), byStatus(result.apiRequestsByStatus()));
        out.println(result.toResultLine());
    }

    private static void row(PrintStream out, String name, long count, String note) {
        out.println(String.format("  %-24s %9d  %s", name, count, note).stripTrailing());
    }

    private static String byStatus(Map<String, Long> counts) {
        if (counts.isEmpty()) {
            return "";
        }
        return new TreeMap<>(counts).entrySet().stream()
                .map(e -> e.getKey() + ": " + e.getValue())
                .collect(Collectors.joining(", ", "(", ")"));
    }

    private static String human(long millis) {
        return millis % 1000 == 0 ? millis / 1000 + " s" : millis + " ms";
    }
}
