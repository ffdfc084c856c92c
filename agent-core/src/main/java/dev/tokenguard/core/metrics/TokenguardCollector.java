package dev.tokenguard.core.metrics;

import dev.tokenguard.core.guard.CarrierControl;
import dev.tokenguard.core.policy.PolicyControl;
import io.prometheus.metrics.model.registry.MultiCollector;
import io.prometheus.metrics.model.snapshots.MetricSnapshot;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/** Every tokenguard metric family, read from the carriers and policies in force at each scrape. */
public final class TokenguardCollector implements MultiCollector {
    private final Supplier<List<CarrierControl>> carriers;
    private final Supplier<List<PolicyControl>> policies;

    /** Both asked at every scrape, so that a reload's policies show in the next one. */
    public TokenguardCollector(Supplier<List<CarrierControl>> carriers, Supplier<List<PolicyControl>> policies) {
        this.carriers = carriers;
        this.policies = policies;
    }

    @Override
    public MetricSnapshots collect() {
        List<MetricSnapshot> families = new ArrayList<>(CarrierMetrics.of(carriers.get()));
        families.addAll(PolicyMetrics.of(policies.get()));
        return new MetricSnapshots(families);
    }
}
