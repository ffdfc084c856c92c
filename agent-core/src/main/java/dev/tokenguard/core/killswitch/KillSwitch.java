package dev.tokenguard.core.killswitch;

import dev.tokenguard.core.config.CarrierConfig;
import dev.tokenguard.core.events.EventLog;
import dev.tokenguard.core.time.TimeSource;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.random.RandomGenerator;

/**
 * One carrier's kill-switch: while it is tripped nothing for the carrier leaves the JVM.
 *
 * <p>It trips by hand (until reset), or on its own when the token endpoint answers the carrier's ban
 * status (for the ban's length: FedEx extends a ban on every call made during it, so nothing is sent,
 * not even a probe) or 429 (for its {@code Retry-After}, else the configured default). When the time
 * is up, plus jitter, exactly one request goes out as the probe and the others are refused until it
 * is answered: the ban status or 429 again trips the switch again, anything else turns it off.
 *
 * <p>The state is one immutable value in an {@link AtomicReference}; every transition is a CAS from
 * the state it was decided on, so two callers cannot both become the probe and a late answer to an
 * old probe cannot undo a newer trip.
 *
 * <p>The switch is the same in local and cluster mode; what differs is who is told of the changes
 * this instance makes (trips, resets by hand, a probe's good answer): nobody in local mode, the
 * cluster store's {@link Observer} in cluster mode, which hands the other instances' changes back
 * through {@link #applyTrip} and {@link #applyReset}; those are not shared again. The state stays
 * local either way, so the hot path is the same single volatile read. Every trip has an id, kept by the
 * instances that apply it, and a probe's good answer resets only the trip it was probing for: it
 * arrives here late, and must not undo a newer trip, such as a ban this instance has just met.
 */
public final class KillSwitch {
    /** A probe whose answer never came (a lost exchange) stops blocking the carrier after this. */
    static final long PROBE_TIMEOUT_NANOS = TimeUnit.SECONDS.toNanos(30);
    /** A probe that failed without an answer (connect error) is followed by another after this. */
    static final long PROBE_RETRY_NANOS = TimeUnit.SECONDS.toNanos(1);
    private static final long REFUSAL_WHILE_PROBING_NANOS = TimeUnit.SECONDS.toNanos(1);
    private static final String FROM_CLUSTER = " (from another instance of the cluster)";

    private final String carrier;
    // A reload changes these (reconfigure); a trip in force keeps the time it was given.
    private volatile int banStatus;
    private volatile long banNanos;
    private volatile long defaultRetryAfterNanos;
    private final TimeSource time;
    private final RandomGenerator random;
    private final EventLog events;
    private final AtomicReference<KillSwitchState> state = new AtomicReference<>(KillSwitchState.OFF);
    private final Observer observer;

    /** Told of the changes this instance makes on its own; called on the thread that made them. */
    public interface Observer {
        /** Local mode: there is no other instance to tell. */
        Observer NOBODY = new Observer() {
            @Override
            public void tripped(String trip, String reason, boolean manual, long nanos) {}

            @Override
            public void reset(String trip, String reason) {}
        };

        /**
         * @param trip  the new trip's id
         * @param nanos how long the trip lasts before a probe; unused for a trip by hand (until reset)
         */
        void tripped(String trip, String reason, boolean manual, long nanos);

        /** @param trip the trip a probe's good answer ends, or null for a reset by hand (of any trip) */
        void reset(String trip, String reason);
    }

    /** A switch of this JVM alone (local mode). */
    public KillSwitch(CarrierConfig config, TimeSource time, RandomGenerator random, EventLog events) {
        this(config, time, random, events, Observer.NOBODY);
    }

    /** Puts a reloaded {@code ban-status}, {@code ban-duration} and {@code retry-after-default} in force. */
    public void reconfigure(CarrierConfig config) {
        banStatus = config.banStatus();
        banNanos = config.banDuration().toNanos();
        defaultRetryAfterNanos = config.defaultRetryAfter().toNanos();
    }

    /**
     * A switch whose changes {@code observer} shares (cluster mode). A trip at start by configuration
     * is not reported: every instance reads the same configuration, and the constructor must not
     * call out to an observer that may still be under construction itself.
     */
    public KillSwitch(CarrierConfig config, TimeSource time, RandomGenerator random, EventLog events,
            Observer observer) {
        this.carrier = config.id();
        reconfigure(config);
        this.time = time;
        this.random = random;
        this.events = events;
        this.observer = observer;
        if (config.killSwitchOnAtStart()) {
            tripByHand(newTrip(), "tripped at start by configuration", "");
        }
    }

    public KillSwitchState state() {
        return state.get();
    }

    /** Whether a request may leave now; on the hot path this is one volatile read. */
    public Admission admit() {
        KillSwitchState s = state.get();
        return s == KillSwitchState.OFF ? Admission.ADMITTED : admitSlow(s);
    }

    private Admission admitSlow(KillSwitchState s) {
        for (;; s = state.get()) {
            long now = time.nanoTime();
            Admission.Refused refused = refusal(s, now);
            if (refused != null) {
                return refused;
            }
            if (s instanceof KillSwitchState.Tripped t) {
                KillSwitchState.Probing probe = new KillSwitchState.Probing(t.trip(), t.reason(), now);
                if (state.compareAndSet(t, probe)) {
                    events.killSwitchChanged("TRIPPED", "PROBING", "sending one probe after " + t.reason());
                    return new Admission.Probe(probe);
                }
            } else if (s instanceof KillSwitchState.Probing p) {
                KillSwitchState.Probing again = new KillSwitchState.Probing(p.trip(), p.reason(), now);
                if (state.compareAndSet(p, again)) {
                    events.killSwitchChanged("PROBING", "PROBING", "the last probe went unanswered; sending another");
                    return new Admission.Probe(again);
                }
            } else {
                return Admission.ADMITTED;
            }
        }
    }

    /**
     * The refusal the switch gives now, or null when a request could go (perhaps as the probe):
     * asked before waiting for a limiter permit, without taking the probe.
     */
    public Admission.Refused refusal() {
        KillSwitchState s = state.get();
        return s == KillSwitchState.OFF ? null : refusal(s, time.nanoTime());
    }

    private Admission.Refused refusal(KillSwitchState s, long now) {
        if (s instanceof KillSwitchState.Tripped t && (t.manual() || now - t.probeAtNanos() < 0)) {
            long left = t.manual() ? defaultRetryAfterNanos : t.probeAtNanos() - now;
            return new Admission.Refused("kill-switch of " + carrier + " tripped: " + t.reason(), left);
        }
        if (s instanceof KillSwitchState.Probing p && now - p.startedNanos() < PROBE_TIMEOUT_NANOS) {
            return new Admission.Refused("kill-switch of " + carrier + " is waiting for its probe after " + p.reason(),
                    REFUSAL_WHILE_PROBING_NANOS);
        }
        return null;
    }

    /**
     * A request admitted with {@code admission} was answered with {@code status}.
     *
     * @param tokenEndpoint whether it was a token call: only the token endpoint's answers trip the
     *                      switch unprompted (an API 403 may just be a missing permission)
     * @param retryAfter    the response's {@code Retry-After}, or null
     * @return whether this answer tripped a switch that was not tripped (not when it extends a trip):
     *         what observe mode counts as a trip enforce would have made
     */
    public boolean onResponse(Admission admission, int status, String retryAfter, boolean tokenEndpoint) {
        boolean ban = banStatus > 0 && status == banStatus;
        boolean probe = admission instanceof Admission.Probe;
        if (ban && (tokenEndpoint || probe)) {
            events.banDetected(status, tokenEndpoint ? "the token endpoint" : "the probe");
            return trip("ban detected: " + (tokenEndpoint ? "token endpoint" : "probe") + " answered " + status, banNanos);
        } else if (status == 429 && (tokenEndpoint || probe)) {
            long nanos = RetryAfter.parseNanos(retryAfter, time.currentTimeMillis());
            return trip((tokenEndpoint ? "token endpoint" : "probe") + " answered 429",
                    nanos < 0 ? defaultRetryAfterNanos : nanos);
        } else if (probe) {
            KillSwitchState.Probing p = ((Admission.Probe) admission).state();
            if (state.compareAndSet(p, KillSwitchState.OFF)) {
                events.killSwitchChanged("PROBING", "OFF", "the probe was answered " + status);
                observer.reset(p.trip(), "the probe was answered " + status);
            }
        }
        return false;
    }

    /** A request admitted with {@code admission} failed without an answer. */
    public void onFailure(Admission admission) {
        if (admission instanceof Admission.Probe probe) {
            KillSwitchState.Probing p = probe.state();
            long retryAt = time.nanoTime() + PROBE_RETRY_NANOS;
            if (state.compareAndSet(p, new KillSwitchState.Tripped(p.trip(), p.reason(), false, retryAt))) {
                events.killSwitchChanged("PROBING", "TRIPPED", "the probe failed without an answer; another follows");
            }
        }
    }

    /**
     * Trips for {@code nanos}, then probes after jitter of up to a tenth of that.
     *
     * @return whether the switch was not tripped before (a trip that lengthens one in force is no new trip)
     */
    public boolean trip(String reason, long nanos) {
        String trip = newTrip();
        KillSwitchState previous = trip(trip, reason, nanos, "");
        if (previous != null) {
            observer.tripped(trip, reason, false, nanos);
        }
        return previous != null && !(previous instanceof KillSwitchState.Tripped);
    }

    /** Trips until {@link #reset()}, whatever the state (JMX, configuration). */
    public void tripByHand(String reason) {
        String trip = newTrip();
        tripByHand(trip, reason, "");
        observer.tripped(trip, reason, true, 0);
    }

    /** Turns the switch off at once, without a probe (JMX); in cluster mode on every instance. */
    public void reset() {
        reset(null, "reset by hand", "");
        observer.reset(null, "reset by hand");
    }

    /**
     * Applies a trip another instance of the cluster made: like {@link #trip} or {@link #tripByHand},
     * under the same id, with this instance's own jitter, and not reported to the observer.
     *
     * @return whether the state changed (not when already tripped by hand, or for longer)
     */
    public boolean applyTrip(String trip, String reason, boolean manual, long nanos) {
        if (!manual) {
            return trip(trip, reason, nanos, FROM_CLUSTER) != null;
        }
        if (state.get() instanceof KillSwitchState.Tripped t && t.manual() && t.trip().equals(trip)) {
            return false;
        }
        tripByHand(trip, reason, FROM_CLUSTER);
        return true;
    }

    /**
     * Applies another instance's reset, not reported: by hand ({@code trip} null) whatever is tripped,
     * else (its probe's good answer) only while this instance is still in that trip.
     *
     * @return whether the state changed
     */
    public boolean applyReset(String trip, String reason) {
        return reset(trip, reason, FROM_CLUSTER);
    }

    /**
     * A new trip's id: 64 random bits, so that trips made by different instances do not collide. Not
     * from {@link #random}, which only has to be good enough for jitter (tests fix it).
     */
    private static String newTrip() {
        return Long.toUnsignedString(ThreadLocalRandom.current().nextLong(), 36);
    }

    /** The state the trip replaced, or null where it changed nothing. */
    private KillSwitchState trip(String trip, String reason, long nanos, String origin) {
        long jitter = random.nextLong(Math.max(1, nanos / 10));
        for (;;) {
            KillSwitchState s = state.get();
            long now = time.nanoTime();
            KillSwitchState.Tripped next = new KillSwitchState.Tripped(trip, reason, false, now + nanos + jitter);
            if (s instanceof KillSwitchState.Tripped t && (t.manual() || t.probeAtNanos() - next.probeAtNanos() >= 0)) {
                return null; // already tripped by hand, or for longer
            }
            if (state.compareAndSet(s, next)) {
                long seconds = (nanos + jitter + 999_999_999) / 1_000_000_000;
                events.killSwitchChanged(s.name(), "TRIPPED", reason + "; probing in " + seconds + " s" + origin);
                return s;
            }
        }
    }

    private void tripByHand(String trip, String reason, String origin) {
        KillSwitchState previous = state.getAndSet(new KillSwitchState.Tripped(trip, reason, true, 0));
        events.killSwitchChanged(previous.name(), "TRIPPED", reason + "; until reset by hand" + origin);
    }

    /** Resets {@code trip}, or (null) whatever is tripped: a CAS, so a newer trip made meanwhile stays. */
    private boolean reset(String trip, String reason, String origin) {
        for (;;) {
            KillSwitchState s = state.get();
            if (s == KillSwitchState.OFF || trip != null && !trip.equals(s.trip())) {
                return false;
            }
            if (state.compareAndSet(s, KillSwitchState.OFF)) {
                events.killSwitchChanged(s.name(), "OFF", reason + origin);
                return true;
            }
        }
    }
}
