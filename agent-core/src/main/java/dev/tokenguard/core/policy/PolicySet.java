package dev.tokenguard.core.policy;

import dev.tokenguard.core.config.PolicyConfig;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** The policies in force at one time, and for each carrier those that apply to it; replaced whole on reload. */
final class PolicySet {
    private static final Policy[] NONE = new Policy[0];

    final List<Policy> all;
    private final Map<String, Policy[]> byCarrier;

    private PolicySet(List<Policy> all, Map<String, Policy[]> byCarrier) {
        this.all = all;
        this.byCarrier = byCarrier;
    }

    Policy[] forCarrier(String carrierId) {
        Policy[] p = byCarrier.get(carrierId);
        return p == null ? NONE : p;
    }

    /**
     * Builds the set for {@code configs}; under the engine's lock. A policy whose name and limits are
     * unchanged from {@code old} takes over its counters and figures; one whose limits changed starts
     * afresh but keeps the in-flight counts of its keys.
     */
    static PolicySet build(List<PolicyConfig> configs, Set<String> carrierIds, PolicySet old, EngineContext context) {
        Map<String, Policy> previous = new HashMap<>();
        if (old != null) {
            old.all.forEach(p -> previous.put(p.name(), p));
        }
        Set<String> names = new HashSet<>();
        for (PolicyConfig c : configs) {
            if (!names.add(c.name())) {
                throw new IllegalArgumentException("policy." + c.name() + ": two policies of that name");
            }
            if (!PolicyConfig.ALL_CARRIERS.equals(c.carrier()) && !carrierIds.contains(c.carrier())) {
                throw new IllegalArgumentException("policy." + c.name() + ".carrier" + (c.line() > 0 ? " (line " + c.line() + ")" : "")
                        + ": no carrier " + c.carrier() + " is configured");
            }
        }
        List<Policy> all = new ArrayList<>();
        for (PolicyConfig c : configs) {
            Policy before = previous.get(c.name());
            Policy p;
            if (before != null && before.sameLimits(c)) {
                p = new Policy(c, context, before.counters, before.stats);
                p.counters.values().forEach(counter -> counter.policy = p);
                if (before.config().equals(c)) {
                    p.setEnabled(before.enabled());
                }
            } else {
                p = new Policy(c, context, Policy.newCounters(), new Policy.Stats());
                if (before != null) {
                    before.counters.forEach((key, counter) -> p.counters.put(key,
                            new Counter(p, counter.label, context.nextCounterId(), counter.inFlight)));
                }
            }
            all.add(p);
        }
        // Counters a reload does not carry over give their places in the store up once their calls answer.
        Set<Counter> kept = new HashSet<>();
        all.forEach(p -> kept.addAll(p.counters.values()));
        previous.values().forEach(p -> p.counters.values().forEach(c -> {
            if (c.places != null && !kept.contains(c) && c.places.counter == c) {
                c.places.retired = true;
            }
        }));
        Map<String, Policy[]> byCarrier = new HashMap<>();
        for (String id : carrierIds) {
            List<Policy> applying = all.stream().filter(p -> p.config().appliesTo(id)).toList();
            if (!applying.isEmpty()) {
                byCarrier.put(id, applying.toArray(NONE));
            }
        }
        return new PolicySet(List.copyOf(all), Map.copyOf(byCarrier));
    }

    /** What changed from {@code old} to {@code next}, one line each. */
    static List<String> changes(PolicySet old, PolicySet next) {
        Map<String, Policy> before = new LinkedHashMap<>();
        old.all.forEach(p -> before.put(p.name(), p));
        List<String> lines = new ArrayList<>();
        for (Policy p : next.all) {
            Policy was = before.remove(p.name());
            if (was == null) {
                lines.add("policy " + p.name() + " added: " + p.describe());
            } else if (!was.config().equals(p.config())) {
                lines.add("policy " + p.name() + " changed: " + p.describe() + (was.sameLimits(p.config())
                        ? " (counters carried over)" : " (limits changed: counters start afresh, calls in flight carried over)"));
            }
        }
        before.keySet().forEach(name -> lines.add("policy " + name + " removed"));
        return lines;
    }
}
