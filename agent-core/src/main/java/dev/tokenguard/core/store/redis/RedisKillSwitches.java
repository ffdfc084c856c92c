package dev.tokenguard.core.store.redis;

import dev.tokenguard.core.broker.TokenStore;
import dev.tokenguard.core.config.CarrierConfig;
import dev.tokenguard.core.events.EventLog;
import dev.tokenguard.core.killswitch.KillSwitch;
import dev.tokenguard.core.time.TimeSource;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.random.RandomGenerator;
import org.slf4j.Logger;

/**
 * One kill-switch per carrier for the whole cluster. Each instance keeps its own {@link KillSwitch}
 * (the hot path reads nothing else); what one instance does to it (a trip by hand or on a ban or
 * 429, a reset by hand, a probe's good answer) goes to Redis and is announced on
 * {@code <cluster>:kill-switch}, and every other instance applies it on receipt, within the
 * message's delivery time.
 *
 * <p>{@code <cluster>:kill-switch:<carrier>} holds the latest change the cluster took: a trip,
 * expiring when it ends (a trip by hand stays until reset), so that an instance that starts, or
 * comes back after losing Redis, learns it; or the last reset, kept for {@link #RESET_KEPT}. Its
 * times are Redis's clock ({@code TIME}): when the change was made and when a timed trip ends, so
 * the hosts' clocks need not agree. The script that writes a change decides atomically whether the
 * cluster takes it:
 * <ul>
 * <li>a trip by hand replaces any trip; a timed trip (a ban, a 429) replaces neither a trip by hand
 *     (which would otherwise end when the timed key expires) nor a longer timed trip;
 * <li>a probe's good answer resets only the trip it probed for, never a newer one that another
 *     instance made meanwhile; a reset by hand resets whatever trip is older than it;
 * <li>a trip older than the last reset is refused.
 * </ul>
 * When the cluster refuses a change, this instance takes what the cluster holds instead.
 *
 * <p>A change made while Redis was unreachable waits (the latest one only) and is written when Redis
 * is back, placed at the time it was made: its age on this instance's clock goes with it. A timed
 * trip keeps only what is left of its time, and is dropped if nothing is; a reset another instance
 * made meanwhile is newer, and wins.
 *
 * <p>Writes run on the connection's scheduler thread, in the order made; the thread that tripped
 * the switch (a request meeting a ban) never waits for Redis.
 */
final class RedisKillSwitches {
    /**
     * How long the last reset is kept: a trip made before it, still waiting on an instance that has
     * lost Redis, is refused within that time. A day outlasts any ban or {@code Retry-After}.
     */
    static final Duration RESET_KEPT = Duration.ofDays(1);

    /**
     * KEYS: state. ARGV: kind, trip, manual (1 or 0), ms left of a timed trip, ms since the change
     * was made, reason, channel, message prefix, ms to keep a reset. Returns 0 when the cluster took
     * the change, else {what it holds, now}.
     */
    private static final String WRITE = RedisTokenStore.NOW + """
            local kind, trip, manual, reason = ARGV[1], ARGV[2], ARGV[3], ARGV[6]
            local at = now - tonumber(ARGV[5])
            local held = redis.call('GET', KEYS[1])
            local hKind, hTrip, hManual, hUntil, hAt
            if held then
              hKind, hTrip, hManual, hUntil, hAt = string.match(held, '^(%S+) (%S+) (%S+) (%S+) (%S+)')
              hUntil, hAt = tonumber(hUntil), tonumber(hAt)
              if not (hUntil and hAt) or hKind ~= 'T' and hKind ~= 'R' then hKind = nil end -- not ours
            end
            local value
            if kind == 'T' then
              local untilMs = 0
              if manual == '0' then untilMs = now + tonumber(ARGV[4]) end
              if hKind == 'R' and hAt > at
                  or hKind == 'T' and manual == '0' and (hManual == '1' or hUntil >= untilMs) then
                return {held, now}
              end
              value = 'T ' .. trip .. ' ' .. manual .. ' ' .. untilMs .. ' ' .. at .. ' ' .. reason
              if manual == '1' then
                redis.call('SET', KEYS[1], value)
              else
                redis.call('SET', KEYS[1], value, 'PX', ARGV[4])
              end
            else
              if hKind == 'T' and trip == '*' and hAt > at then
                return {held, now}
              end
              value = 'R ' .. trip .. ' 0 0 ' .. at .. ' ' .. reason
              if not hKind or hKind == 'T' and (trip == '*' or trip == hTrip) or hKind == 'R' and hAt <= at then
                redis.call('SET', KEYS[1], value, 'PX', ARGV[9])
              end
            end
            redis.call('PUBLISH', ARGV[7], ARGV[8] .. ' ' .. now .. ' ' .. value)
            return 0
            """;

    /** KEYS: state. Returns {what it holds or '', now}. */
    private static final String READ = RedisTokenStore.NOW + """
            return {redis.call('GET', KEYS[1]) or '', now}
            """;

    private static final String TRIP = "T";
    private static final String RESET = "R";
    /** The trip a reset by hand names: whichever is tripped. */
    private static final String ANY_TRIP = "*";

    private final RedisConnection redis;
    private final RedisKeys keys;
    private final String instance;
    private final Logger log;
    private final Map<String, Shared> carriers = new ConcurrentHashMap<>();

    RedisKillSwitches(RedisConnection redis, RedisKeys keys, String instance, Logger log) {
        this.redis = redis;
        this.keys = keys;
        this.instance = instance;
        this.log = log;
        redis.onChannel(keys.killSwitchChannel(), this::announced);
        redis.onReconnect(() -> carriers.values().forEach(Shared::resync));
    }

    /** The kill-switch of {@code carrier}, shared from now on with the other instances. */
    KillSwitch killSwitch(CarrierConfig carrier, TimeSource time, RandomGenerator random, EventLog events) {
        Shared shared = new Shared(carrier, time, random, events);
        carriers.put(carrier.id(), shared);
        redis.execute(shared::resync); // a trip the cluster made before this instance started
        return shared.killSwitch;
    }

    /**
     * A change as Redis holds and announces it, {@code kind trip manual until at reason}, times in
     * Redis's clock (ms): when a timed trip ends (else 0) and when the change was made. The reason
     * comes last and may hold anything.
     */
    private record Held(String kind, String trip, boolean manual, long untilMillis, String reason) {
        static Held parse(String value) {
            String[] parts = value.split(" ", 6);
            if (parts.length < 6 || !(parts[0].equals(TRIP) || parts[0].equals(RESET))) {
                return null;
            }
            try {
                return new Held(parts[0], parts[1], parts[2].equals("1"), Long.parseLong(parts[3]), parts[5]);
            } catch (NumberFormatException e) {
                return null;
            }
        }
    }

    /** A change made here, on the switch's clock: how long a timed trip lasts, and when it was made. */
    private record Made(String kind, String trip, boolean manual, long nanos, long atNanos, String reason) {
        boolean timed() {
            return kind.equals(TRIP) && !manual;
        }
    }

    /** On the subscriber thread: {@code <instance> <carrier> <now> <change>}. */
    private void announced(String message) {
        String[] parts = message.split(" ", 4);
        if (parts.length < 4 || parts[0].equals(instance)) {
            return;
        }
        Shared shared = carriers.get(parts[1]);
        Held change = Held.parse(parts[3]);
        if (shared != null && change != null) {
            try {
                shared.announced(change, Long.parseLong(parts[2]));
            } catch (NumberFormatException e) {
                // not a message of ours
            }
        }
    }

    private final class Shared implements KillSwitch.Observer {
        private final String carrier;
        private final TimeSource time;
        private final KillSwitch killSwitch;
        /** The latest change made here that Redis has not taken yet. */
        private final AtomicReference<Made> pending = new AtomicReference<>();
        /** The trip last applied from another instance; null once this instance changed the switch. */
        private volatile String fromCluster;
        /**
         * Messages applied so far. A read (or a write's answer) on the scheduler thread and a message
         * on the subscriber thread can cross: a message applied while the read was out is no older
         * than what the read found, and every later change arrives as a message too, so such a read
         * is dropped. Guarded by {@code this}, as is applying anything.
         */
        private long messages;

        Shared(CarrierConfig config, TimeSource time, RandomGenerator random, EventLog events) {
            this.carrier = config.id();
            this.time = time;
            // The switch does not call its observer while it is built, so handing it this early is safe.
            this.killSwitch = new KillSwitch(config, time, random, events, this);
        }

        @Override
        public void tripped(String trip, String reason, boolean manual, long nanos) {
            changed(new Made(TRIP, trip, manual, nanos, time.nanoTime(), reason));
        }

        @Override
        public void reset(String trip, String reason) {
            changed(new Made(RESET, trip == null ? ANY_TRIP : trip, false, 0, time.nanoTime(), reason));
        }

        private void changed(Made change) {
            fromCluster = null;
            pending.set(change);
            redis.execute(this::flush);
        }

        /** Writes the pending change, unless Redis is unreachable: then it waits for the resync. */
        private void flush() {
            Made change = pending.get();
            if (change == null || !redis.available()) {
                return;
            }
            long age = time.nanoTime() - change.atNanos();
            long left = change.timed() ? change.nanos() - age : 0;
            if (change.timed() && left <= 0) {
                if (pending.compareAndSet(change, null)) {
                    log.info("kill-switch of {}: the trip made while Redis was unreachable ({}) is over; not shared",
                            carrier, change.reason());
                }
                return;
            }
            long messagesBefore = messages();
            try {
                Object reply = redis.call(jedis -> jedis.eval(WRITE, List.of(keys.killSwitch(carrier)), List.of(
                        change.kind(), change.trip(), change.manual() ? "1" : "0",
                        Long.toString(Math.max(1, TimeUnit.NANOSECONDS.toMillis(left))),
                        Long.toString(TimeUnit.NANOSECONDS.toMillis(age)), change.reason(),
                        keys.killSwitchChannel(), instance + " " + carrier, Long.toString(RESET_KEPT.toMillis()))));
                // Only while nothing newer was made here: that change is written next, and decides.
                if (pending.compareAndSet(change, null) && reply instanceof List<?> held) {
                    refused(change, Held.parse((String) held.get(0)), (Long) held.get(1), messagesBefore);
                }
            } catch (TokenStore.Unavailable e) {
                // kept pending
            }
        }

        /** The cluster kept {@code held} over {@code change}: this instance follows it. */
        private synchronized void refused(Made change, Held held, long nowMillis, long messagesBefore) {
            if (held == null || messages != messagesBefore) {
                return;
            }
            if (held.kind().equals(TRIP)) {
                apply(held, nowMillis);
            } else {
                killSwitch.applyReset(change.trip(), "the cluster was reset after this trip, while Redis was"
                        + " unreachable here");
            }
        }

        synchronized void announced(Held change, long nowMillis) {
            messages++;
            apply(change, nowMillis);
        }

        private synchronized long messages() {
            return messages;
        }

        private synchronized void apply(Held change, long nowMillis) {
            if (change.kind().equals(RESET)) {
                killSwitch.applyReset(change.trip().equals(ANY_TRIP) ? null : change.trip(), change.reason());
                return;
            }
            long left = change.untilMillis() - nowMillis;
            if (!change.manual() && left <= 0) {
                return; // over already
            }
            if (killSwitch.applyTrip(change.trip(), change.reason(), change.manual(),
                    change.manual() ? 0 : TimeUnit.MILLISECONDS.toNanos(left))) {
                fromCluster = change.trip();
            }
        }

        /** After a (re)subscription: our change if one is pending, else the cluster's trip. */
        void resync() {
            if (pending.get() != null) {
                flush();
                return;
            }
            long messagesBefore = messages();
            try {
                List<?> reply = (List<?>) redis.call(
                        jedis -> jedis.eval(READ, List.of(keys.killSwitch(carrier)), List.of()));
                read(Held.parse((String) reply.get(0)), (Long) reply.get(1), messagesBefore);
            } catch (TokenStore.Unavailable e) {
                // the next reconnection tries again
            }
        }

        /**
         * What the key holds after a (re)subscription: its trip is applied; else a trip applied from
         * the cluster before has ended meanwhile. The last reset itself is not applied: this
         * instance's own trip at start by configuration may be newer.
         */
        private synchronized void read(Held held, long nowMillis, long messagesBefore) {
            if (messages != messagesBefore) {
                return;
            }
            if (held != null && held.kind().equals(TRIP)) {
                apply(held, nowMillis);
            } else if (fromCluster != null) {
                killSwitch.applyReset(fromCluster, "the cluster's trip ended while this instance was away");
            }
        }
    }
}
