package dev.tokenguard.core.store.redis;

import dev.tokenguard.core.broker.TokenStore;
import dev.tokenguard.core.config.CarrierConfig;
import dev.tokenguard.core.events.EventLog;
import dev.tokenguard.core.killswitch.KillSwitch;
import dev.tokenguard.core.time.TimeSource;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.random.RandomGenerator;

/**
 * One kill-switch per carrier for the whole cluster. Each instance keeps its own {@link KillSwitch}
 * (the hot path reads nothing else); what one instance does to it (a trip by hand or on a ban or
 * 429, a reset by hand, a probe's good answer) goes to Redis and is announced on
 * {@code <cluster>:kill-switch}, and every other instance applies it on receipt, within the
 * message's delivery time.
 *
 * <p>A trip is also kept in {@code <cluster>:kill-switch:<carrier>}, expiring when the trip ends (a
 * trip by hand stays until reset), so an instance that starts, or comes back after losing Redis,
 * learns it. Changes carry the trip's id: a probe's good answer resets, here and on every instance,
 * only the trip it probed for, never a newer one that another instance made meanwhile. A change this instance made while Redis was unreachable is written when Redis is back,
 * and wins; otherwise the key wins, and a trip this instance had applied from the cluster ends if
 * the key is gone (reset meanwhile).
 *
 * <p>Writes run on the connection's scheduler thread, in the order made; the thread that tripped
 * the switch (a request meeting a ban) never waits for Redis.
 */
final class RedisKillSwitches {
    /**
     * KEYS: state. ARGV: value ('' deletes the trip named by the fifth, or any with '*'), ms (0: no
     * expiry), channel, message, trip.
     */
    private static final String WRITE = """
            if ARGV[1] == '' then
              local v = redis.call('GET', KEYS[1])
              if v and (ARGV[5] == '*' or string.match(v, '^%S+ (%S+)') == ARGV[5]) then
                redis.call('DEL', KEYS[1])
              end
            elseif tonumber(ARGV[2]) > 0 then
              redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2])
            else
              redis.call('SET', KEYS[1], ARGV[1])
            end
            redis.call('PUBLISH', ARGV[3], ARGV[4])
            return 1
            """;

    /** KEYS: state. Returns {value, ms left (-1: until reset)}, or nil. */
    private static final String READ = """
            local v = redis.call('GET', KEYS[1])
            if not v then return nil end
            return {v, redis.call('PTTL', KEYS[1])}
            """;

    private static final String TRIP = "T";
    private static final String RESET = "R";
    /** The trip a reset by hand names: whichever is tripped. */
    private static final String ANY_TRIP = "*";

    private final RedisConnection redis;
    private final RedisKeys keys;
    private final String instance;
    private final Map<String, Shared> carriers = new ConcurrentHashMap<>();

    RedisKillSwitches(RedisConnection redis, RedisKeys keys, String instance) {
        this.redis = redis;
        this.keys = keys;
        this.instance = instance;
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
     * A change as written and announced: {@code kind trip manual millis reason}, plus the instance in
     * front on the channel. The reason comes last and may hold anything.
     */
    private record Change(String kind, String trip, boolean manual, long millis, String reason) {
        String value() {
            return kind + " " + trip + " " + (manual ? 1 : 0) + " " + millis + " " + reason;
        }

        static Change parse(String value) {
            String[] parts = value.split(" ", 5);
            if (parts.length < 5 || !(parts[0].equals(TRIP) || parts[0].equals(RESET))) {
                return null;
            }
            try {
                return new Change(parts[0], parts[1], parts[2].equals("1"), Long.parseLong(parts[3]), parts[4]);
            } catch (NumberFormatException e) {
                return null;
            }
        }
    }

    /** On the subscriber thread: {@code <instance> <carrier> <change>}. */
    private void announced(String message) {
        String[] parts = message.split(" ", 3);
        if (parts.length < 3 || parts[0].equals(instance)) {
            return;
        }
        Shared shared = carriers.get(parts[1]);
        Change change = Change.parse(parts[2]);
        if (shared != null && change != null) {
            shared.apply(change);
        }
    }

    private final class Shared implements KillSwitch.Observer {
        private final String carrier;
        private final KillSwitch killSwitch;
        /** The latest change made here that Redis has not taken yet. */
        private final AtomicReference<Change> pending = new AtomicReference<>();
        /** The trip last applied from another instance; null once this instance changed the switch. */
        private volatile String fromCluster;

        Shared(CarrierConfig config, TimeSource time, RandomGenerator random, EventLog events) {
            this.carrier = config.id();
            // The switch does not call its observer while it is built, so handing it this early is safe.
            this.killSwitch = new KillSwitch(config, time, random, events, this);
        }

        @Override
        public void tripped(String trip, String reason, boolean manual, long nanos) {
            changed(new Change(TRIP, trip, manual, manual ? 0 : Math.max(1, TimeUnit.NANOSECONDS.toMillis(nanos)), reason));
        }

        @Override
        public void reset(String trip, String reason) {
            changed(new Change(RESET, trip == null ? ANY_TRIP : trip, false, 0, reason));
        }

        private void changed(Change change) {
            fromCluster = null;
            pending.set(change);
            redis.execute(this::flush);
        }

        /** Writes the pending change, unless Redis is unreachable: then it waits for the resync. */
        private void flush() {
            Change change = pending.get();
            if (change == null || !redis.available()) {
                return;
            }
            try {
                redis.call(jedis -> jedis.eval(WRITE, List.of(keys.killSwitch(carrier)), List.of(
                        change.kind().equals(TRIP) ? change.value() : "", Long.toString(change.millis()),
                        keys.killSwitchChannel(), instance + " " + carrier + " " + change.value(), change.trip())));
                pending.compareAndSet(change, null);
            } catch (TokenStore.Unavailable e) {
                // kept pending
            }
        }

        void apply(Change change) {
            if (change.kind().equals(RESET)) {
                killSwitch.applyReset(change.trip().equals(ANY_TRIP) ? null : change.trip(), change.reason());
            } else if (killSwitch.applyTrip(change.trip(), change.reason(), change.manual(),
                    TimeUnit.MILLISECONDS.toNanos(change.millis()))) {
                fromCluster = change.trip();
            }
        }

        /** After a (re)subscription: our change if one is pending, else the cluster's state. */
        void resync() {
            if (pending.get() != null) {
                flush();
                return;
            }
            try {
                Object reply = redis.call(jedis -> jedis.eval(READ, List.of(keys.killSwitch(carrier)), List.of()));
                Change stored = reply instanceof List<?> fields && fields.size() == 2
                        ? Change.parse((String) fields.get(0)) : null;
                if (stored != null) {
                    long left = (Long) ((List<?>) reply).get(1);
                    apply(new Change(TRIP, stored.trip(), stored.manual() || left < 0, Math.max(1, left), stored.reason()));
                } else if (fromCluster != null) {
                    killSwitch.applyReset(fromCluster, "the cluster's trip ended while this instance was away");
                }
            } catch (TokenStore.Unavailable e) {
                // the next reconnection tries again
            }
        }
    }
}
