package dev.tokenguard.core.guard;

import dev.tokenguard.core.config.CarrierConfig;
import dev.tokenguard.core.config.RateBand;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The quota groups of the carriers: what their token-call thresholds count against (by default the
 * token host, since FedEx counts per public address over every credential behind it), one limiter
 * each. Where the carriers of one group name different bands, every band of every one applies.
 */
final class QuotaGroups {

    private QuotaGroups() {}

    static String of(CarrierConfig carrier) {
        return carrier.quotaGroup() != null ? carrier.quotaGroup() : carrier.tokenUrl().getHost();
    }

    /** Each group's bands, in configuration order; empty for a group none of whose carriers names one. */
    static Map<String, List<RateBand>> bands(List<CarrierConfig> carriers) {
        Map<String, Set<RateBand>> bands = new LinkedHashMap<>();
        for (CarrierConfig carrier : carriers) {
            bands.computeIfAbsent(of(carrier), g -> new LinkedHashSet<>()).addAll(carrier.tokenRate());
        }
        Map<String, List<RateBand>> lists = new LinkedHashMap<>();
        bands.forEach((group, set) -> lists.put(group, List.copyOf(set)));
        return lists;
    }
}
