package dev.tokenguard.core.metrics;

import dev.tokenguard.core.policy.PolicyControl;
import dev.tokenguard.core.policy.PolicyStats;
import io.prometheus.metrics.model.snapshots.CounterSnapshot;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot.GaugeDataPointSnapshot;
import io.prometheus.metrics.model.snapshots.Labels;
import io.prometheus.metrics.model.snapshots.MetricSnapshot;
import java.util.ArrayList;
import java.util.List;
import java.util.function.ToLongFunction;

/**
 * The figures of each policy in force as Prometheus metric families, labelled {@code policy} and
 * {@code carrier} (a carrier id, or {@code *} for a policy of every carrier). Read from
 * {@link PolicyControl#stats()} at scrape time; a policy a reload removed is gone from the next scrape.
 */
final class PolicyMetrics {

    private record Counter(String name, String help, ToLongFunction<PolicyStats> value) {}

    private static final List<Counter> COUNTERS = List.of(
            new Counter("tokenguard_policy_matched", "Calls the policy applied to.", PolicyStats::matched),
            new Counter("tokenguard_policy_admitted", "Calls the policy let through, at once or after waiting.",
                    PolicyStats::admitted),
            new Counter("tokenguard_policy_waited", "Admitted calls that queued for room first.", PolicyStats::waited),
            new Counter("tokenguard_policy_refused", "Calls refused locally: over a limit after max-wait, blocked, or"
                    + " paused by the carrier's 429.", PolicyStats::refused),
            new Counter("tokenguard_policy_shadow_refused", "In shadow mode: calls the policy would have refused,"
                    + " which went ahead.", PolicyStats::shadowRefused),
            new Counter("tokenguard_policy_bytes", "Request and response bytes the policy counted.",
                    PolicyStats::bytes));

    private PolicyMetrics() {}

    static List<MetricSnapshot> of(List<PolicyControl> policies) {
        List<PolicyStats> stats = new ArrayList<>();
        for (PolicyControl policy : policies) {
            stats.add(policy.stats());
        }
        List<MetricSnapshot> families = new ArrayList<>();
        for (Counter counter : COUNTERS) {
            CounterSnapshot.Builder family = CounterSnapshot.builder().name(counter.name()).help(counter.help());
            for (int i = 0; i < policies.size(); i++) {
                family.dataPoint(CarrierMetrics.counter(counter.value().applyAsLong(stats.get(i)), labels(policies.get(i))));
            }
            families.add(family.build());
        }
        GaugeSnapshot.Builder inFlight = GaugeSnapshot.builder().name("tokenguard_policy_in_flight")
                .help("Calls under the policy now on their way (this JVM).");
        GaugeSnapshot.Builder enabled = GaugeSnapshot.builder().name("tokenguard_policy_enabled")
                .help("1 while the policy counts and refuses, 0 while switched off; mode: enforce, shadow or block.");
        for (int i = 0; i < policies.size(); i++) {
            PolicyControl policy = policies.get(i);
            inFlight.dataPoint(GaugeDataPointSnapshot.builder().value(stats.get(i).inFlight()).labels(labels(policy)).build());
            enabled.dataPoint(GaugeDataPointSnapshot.builder().value(policy.enabled() ? 1 : 0)
                    .labels(labels(policy).add("mode", policy.mode())).build());
        }
        families.add(inFlight.build());
        families.add(enabled.build());
        return families;
    }

    private static Labels labels(PolicyControl policy) {
        return Labels.of(CarrierMetrics.CARRIER, policy.carrier(), "policy", policy.name());
    }
}
