package dev.tokenguard.it.cluster;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tokenguard.demo.carrier.ApiQuotaStats;
import dev.tokenguard.demo.carrier.CarrierStats;
import java.util.Collections;
import java.util.List;
import java.util.Locale;

/**
 * One quota run of a fleet, as the carrier counted it in its fixed windows and as the users saw it.
 *
 * @param callsByWindow the calls that reached the carrier in each fixed window, oldest first (the
 *     first and the last are partly outside the run)
 * @param mostAdmitted the most calls the carrier admitted in one window
 * @param carrier429s the carrier's 429s for its rate quota
 * @param agentRefusals the users' calls the agent answered in the carrier's place
 */
record QuotaFigures(List<Integer> callsByWindow, int mostAdmitted, long carrier429s, long agentRefusals, long ok) {

    static QuotaFigures of(CarrierStats carrier, List<JsonNode> results) {
        ApiQuotaStats quota = carrier.apiQuota();
        return new QuotaFigures(quota.callsByWindow(), quota.peakAdmittedPerWindow(), quota.overRate(),
                results.stream().mapToLong(r -> r.path("failed").path("refused-by-agent").asLong()).sum(),
                results.stream().mapToLong(r -> r.path("ok").asLong()).sum());
    }

    /** The most calls that reached the carrier in one fixed window. */
    int mostCalls() {
        return callsByWindow.isEmpty() ? 0 : Collections.max(callsByWindow);
    }

    /** Runs side by side, one row each, under {@code title}. */
    static String table(String title, List<String> modes, List<QuotaFigures> runs) {
        String format = "%-10s | %7s | %-28s | %9s | %12s | %12s | %14s | %8s%n";
        StringBuilder b = new StringBuilder(title).append('\n');
        b.append(String.format(Locale.ROOT, format, "mode", "windows", "calls reaching it by window",
                "most in a", "most admitted", "carrier 429s", "agent refusals", "calls ok"));
        b.append(String.format(Locale.ROOT, format, "", "", "", "window", "in a window", "", "", ""));
        for (int i = 0; i < runs.size(); i++) {
            QuotaFigures r = runs.get(i);
            b.append(String.format(Locale.ROOT, format, modes.get(i), r.callsByWindow.size(), r.callsByWindow,
                    r.mostCalls(), r.mostAdmitted, r.carrier429s, r.agentRefusals, r.ok));
        }
        return b.toString();
    }
}
