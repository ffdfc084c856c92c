package dev.tokenguard.core.metrics;

import dev.tokenguard.core.events.CarrierStats;
import dev.tokenguard.core.events.RefusalReason;
import dev.tokenguard.core.guard.CarrierControl;
import dev.tokenguard.core.killswitch.KillSwitchState;
import io.prometheus.metrics.model.snapshots.CounterSnapshot;
import io.prometheus.metrics.model.snapshots.CounterSnapshot.CounterDataPointSnapshot;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot.GaugeDataPointSnapshot;
import io.prometheus.metrics.model.snapshots.Labels;
import io.prometheus.metrics.model.snapshots.MetricSnapshot;
import java.util.ArrayList;
import java.util.List;
import java.util.function.ToLongFunction;

/**
 * Each carrier's figures as Prometheus metric families, read from its live {@link CarrierStats},
 * kill-switch and token when asked (at scrape time): no second set of counters. Every sample carries
 * the label {@code carrier}. Counter names are given without {@code _total}, which the text formats add.
 */
final class CarrierMetrics {
    static final String CARRIER = "carrier";

    /** One {@link CarrierStats} counter as a Prometheus counter. */
    private record Counter(String name, String help, ToLongFunction<CarrierStats> value) {}

    private static final List<Counter> COUNTERS = List.of(
            new Counter("tokenguard_token_calls", "Token calls that left the JVM: the application's own that got"
                    + " through and the agent's renewals.", CarrierStats::realTokenCalls),
            new Counter("tokenguard_renewals_suppressed", "Token requests of the application answered from the"
                    + " agent's cache instead of the carrier.", CarrierStats::suppressedRenewals),
            new Counter("tokenguard_renewals_coalesced", "Callers that waited for a renewal already in flight"
                    + " instead of making their own token call.", CarrierStats::coalescedWaiters),
            new Counter("tokenguard_renewals_rate_limited", "Renewals the token-call limiter held back.",
                    CarrierStats::rateLimitedRenewals),
            new Counter("tokenguard_renewals_failed", "Real token calls that brought no usable token.",
                    CarrierStats::failedRenewals),
            new Counter("tokenguard_tokens_adopted", "Tokens another instance of the cluster got, adopted instead"
                    + " of renewing.", CarrierStats::adoptedTokens),
            new Counter("tokenguard_unauthorized", "API responses with status 401.", CarrierStats::unauthorized),
            new Counter("tokenguard_token_invalidations", "Tokens dropped because a 401 named them while they were"
                    + " current.", CarrierStats::invalidations),
            new Counter("tokenguard_revoked_elsewhere", "401s for a fresh token while no renewal of this JVM was in"
                    + " flight: someone else renews the same credential.", CarrierStats::revokedElsewhere),
            new Counter("tokenguard_requests_upgraded", "API requests whose superseded bearer token was replaced"
                    + " by the current one.", CarrierStats::upgraded),
            new Counter("tokenguard_requests_replayed", "API requests sent once more with a new token after a 401.",
                    CarrierStats::replayed),
            new Counter("tokenguard_bans_detected", "Ban answers from the carrier (token endpoint or probe).",
                    CarrierStats::bansDetected),
            new Counter("tokenguard_kill_switch_changes", "Changes of the kill-switch's state.",
                    CarrierStats::killSwitchChanges),
            new Counter("tokenguard_internal_errors", "Unexpected errors inside the agent, each answered safely.",
                    CarrierStats::internalErrors));

    private CarrierMetrics() {}

    static List<MetricSnapshot> of(List<CarrierControl> carriers) {
        List<MetricSnapshot> families = new ArrayList<>();
        for (Counter counter : COUNTERS) {
            CounterSnapshot.Builder family = CounterSnapshot.builder().name(counter.name()).help(counter.help());
            for (CarrierControl carrier : carriers) {
                family.dataPoint(counter(counter.value().applyAsLong(carrier.stats()), Labels.of(CARRIER, carrier.id())));
            }
            families.add(family.build());
        }
        families.add(refused(carriers));
        families.add(killSwitch(carriers));
        families.add(gauge(carriers, "tokenguard_token_expires_in_seconds", "Whole seconds the token put on requests"
                + " that carry none has left; -1 when there is none (or several credentials are in use).",
                CarrierControl::currentTokenExpiresInSeconds));
        return families;
    }

    /** One sample per carrier and {@link RefusalReason}, zeros included, so that rates start from 0. */
    private static CounterSnapshot refused(List<CarrierControl> carriers) {
        CounterSnapshot.Builder family = CounterSnapshot.builder().name("tokenguard_refused")
                .help("Requests the agent answered itself with a synthetic refusal, by reason: kill-switch,"
                        + " rate-limit, backing-off, token-endpoint-failed, renewal-wait, unreadable-body,"
                        + " policy-limit, policy-block, carrier-pause, internal-error, other.");
        for (CarrierControl carrier : carriers) {
            CarrierStats stats = carrier.stats();
            for (RefusalReason reason : RefusalReason.values()) {
                family.dataPoint(counter(stats.refused(reason), Labels.of(CARRIER, carrier.id(), "reason", reason.label())));
            }
        }
        return family.build();
    }

    /**
     * 1 while the kill-switch holds the carrier's requests back (tripped or probing), as JMX's
     * KillSwitchTripped. Its state is a label, and so is the kind of trip: a bounded word, never the
     * trip's reason, which is free text (a carrier's answer, an operator's words).
     */
    private static GaugeSnapshot killSwitch(List<CarrierControl> carriers) {
        GaugeSnapshot.Builder family = GaugeSnapshot.builder().name("tokenguard_kill_switch_tripped")
                .help("1 while the kill-switch holds back every request to the carrier (state TRIPPED or PROBING),"
                        + " 0 while it is OFF; kind: manual (until reset), timed (after a ban or 429, ends with a"
                        + " probe) or none.");
        for (CarrierControl carrier : carriers) {
            KillSwitchState state = carrier.killSwitchState();
            family.dataPoint(GaugeDataPointSnapshot.builder()
                    .value(state == KillSwitchState.OFF ? 0 : 1)
                    .labels(Labels.of(CARRIER, carrier.id(), "state", state.name(), "kind", kind(state)))
                    .build());
        }
        return family.build();
    }

    private static String kind(KillSwitchState state) {
        if (state instanceof KillSwitchState.Tripped tripped) {
            return tripped.manual() ? "manual" : "timed";
        }
        // Only a timed trip ends in a probe.
        return state instanceof KillSwitchState.Probing ? "timed" : "none";
    }

    private static GaugeSnapshot gauge(List<CarrierControl> carriers, String name, String help,
            ToLongFunction<CarrierControl> value) {
        GaugeSnapshot.Builder family = GaugeSnapshot.builder().name(name).help(help);
        for (CarrierControl carrier : carriers) {
            family.dataPoint(GaugeDataPointSnapshot.builder().value(value.applyAsLong(carrier))
                    .labels(Labels.of(CARRIER, carrier.id())).build());
        }
        return family.build();
    }

    static CounterDataPointSnapshot counter(long value, Labels labels) {
        return CounterDataPointSnapshot.builder().value(value).labels(labels).build();
    }
}
