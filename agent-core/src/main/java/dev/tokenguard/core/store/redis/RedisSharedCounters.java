package dev.tokenguard.core.store.redis;

import dev.tokenguard.core.broker.TokenStore;
import dev.tokenguard.core.config.RateBand;
import dev.tokenguard.core.policy.SharedCounters;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.slf4j.Logger;

/**
 * The places of cluster-scoped policies' bands in Redis. Each band has two sorted sets of call ids
 * ({@link RedisKeys#placesInFlight}, {@link RedisKeys#placesHeld}): in flight, scored by when the
 * lease ends, and held, scored by the last millisecond the place is held; an entry whose score is
 * past is free, and the script that next looks at the set removes it. Every time is Redis's
 * {@code TIME}, read inside the scripts.
 *
 * <p>{@link #take} is one script over every band of every counter, so a call gets a place in all of
 * them or in none. Where no place is free it reserves one, in every band, for the millisecond after
 * the latest of the bands' earliest held places ends: those held entries are removed at once and the
 * reserved id goes in flight, so nobody else takes that place meanwhile.
 *
 * <p>The guarantee: no interval of length {@code W} in Redis's clock holds more than {@code N}
 * admissions of a band, whatever the calls' latency, the instances' number or their clocks. A place
 * is only given again after the response of its previous call plus {@code W}, strictly (a held entry
 * frees one millisecond after its score, since {@code TIME} is cut to the millisecond and the
 * response may have come late in it), and a reserved call goes no earlier than that. A place whose
 * holder dies is free when its lease ends; that holder's call may still reach the carrier, so the
 * lease must outlast any call the holder can still make (it renews it meanwhile).
 *
 * <p>The costs: one {@code EVALSHA} per {@link #take}, one round trip whatever the number of counters
 * and bands (in Redis, a few sorted-set operations per band, plus one per id taken and per expired
 * entry removed); {@link #responded}, {@link #giveBack} and
 * {@link #renew} are one {@code EVALSHA} each per batch, which the caller gathers on a background
 * thread. Every key is given a time to live each time it is written, reaching a minute
 * ({@link #KEPT_AFTER}) past the last moment a place in it can still be live, so nothing accumulates
 * and nothing live expires.
 *
 * <p>Announcements go out on {@code <cluster>:policies} as {@code <instance> <message>}; this
 * instance skips its own.
 */
final class RedisSharedCounters implements SharedCounters {
    /** How long a set outlives the last place in it that can still be live. */
    static final Duration KEPT_AFTER = Duration.ofMinutes(1);

    /**
     * What every script starts with. KEYS: per band, held then in flight. ARGV: the number of bands,
     * per band {@code N} and {@code W} (ms), then the script's own arguments, from {@code first}.
     * {@code keep} extends a key's time to live, never shortens it.
     */
    private static final String BANDS = RedisTokenStore.NOW + """
            local bands = tonumber(ARGV[1])
            local N, W = {}, {}
            for b = 1, bands do
              N[b] = tonumber(ARGV[2 * b])
              W[b] = tonumber(ARGV[2 * b + 1])
            end
            local first = 2 * bands + 2
            local function keep(key, ms)
              ms = ms + %d
              if redis.call('PTTL', key) < ms then redis.call('PEXPIRE', key, ms) end
            end
            """.formatted(KEPT_AFTER.toMillis());

    /** ARGV: max wait ms, lease ms, ids. Returns {count, wait ms, retry ms}. */
    private static final RedisScript TAKE = new RedisScript(BANDS + """
            local maxWait, lease = tonumber(ARGV[first]), tonumber(ARGV[first + 1])
            local ids = #ARGV - first - 1
            local used, free = {}, ids
            for b = 1, bands do
              redis.call('ZREMRANGEBYSCORE', KEYS[2 * b - 1], '-inf', '(' .. now)
              redis.call('ZREMRANGEBYSCORE', KEYS[2 * b], '-inf', '(' .. now)
              used[b] = redis.call('ZCARD', KEYS[2 * b - 1]) + redis.call('ZCARD', KEYS[2 * b])
              free = math.min(free, N[b] - used[b])
            end
            if ids < 1 then return {0, 0, 0} end
            local at, count = now, free
            if free < 1 then
              for b = 1, bands do
                local need = used[b] - N[b] + 1
                if need > 0 then
                  local entry = redis.call('ZRANGE', KEYS[2 * b - 1], need - 1, need - 1, 'WITHSCORES')
                  if #entry == 0 then return {0, 0, -1} end
                  at = math.max(at, tonumber(entry[2]) + 1)
                end
              end
              if at - now > maxWait then return {0, 0, at - now} end
              for b = 1, bands do
                local need = used[b] - N[b] + 1
                if need > 0 then redis.call('ZREMRANGEBYRANK', KEYS[2 * b - 1], 0, need - 1) end
              end
              count = 1
            end
            for b = 1, bands do
              for i = 1, count do
                redis.call('ZADD', KEYS[2 * b], at + lease, ARGV[first + 1 + i])
              end
              keep(KEYS[2 * b], at - now + lease)
              keep(KEYS[2 * b - 1], at - now + lease + W[b])
            end
            return {count, at - now, 0}
            """);

    /** ARGV: ids. Moves those in flight to held, until now plus the band's {@code W}. */
    private static final RedisScript RESPONDED = new RedisScript(BANDS + """
            for b = 1, bands do
              local moved = false
              for i = first, #ARGV do
                if redis.call('ZREM', KEYS[2 * b], ARGV[i]) == 1 then
                  redis.call('ZADD', KEYS[2 * b - 1], now + W[b], ARGV[i])
                  moved = true
                end
              end
              if moved then keep(KEYS[2 * b - 1], W[b]) end
            end
            return 0
            """);

    /** ARGV: ids. */
    private static final RedisScript GIVE_BACK = new RedisScript(BANDS + """
            for b = 1, bands do
              for i = first, #ARGV do
                redis.call('ZREM', KEYS[2 * b], ARGV[i])
              end
            end
            return 0
            """);

    /** ARGV: lease ms, ids. Extends the leases of those still in flight, never shortens one. */
    private static final RedisScript RENEW = new RedisScript(BANDS + """
            local lease = tonumber(ARGV[first])
            for b = 1, bands do
              local renewed = false
              for i = first + 1, #ARGV do
                local ends = redis.call('ZSCORE', KEYS[2 * b], ARGV[i])
                if ends and tonumber(ends) < now + lease then
                  redis.call('ZADD', KEYS[2 * b], now + lease, ARGV[i])
                  renewed = true
                end
              end
              if renewed then keep(KEYS[2 * b], lease) end
            end
            return 0
            """);

    private final RedisConnection redis;
    private final RedisKeys keys;
    private final String instance;
    private final Logger log;
    private final List<Consumer<String>> listeners = new CopyOnWriteArrayList<>();

    /** Subscribes to the announcements: before {@link RedisConnection#start()}. */
    RedisSharedCounters(RedisConnection redis, RedisKeys keys, String instance, Logger log) {
        this.redis = redis;
        this.keys = keys;
        this.instance = instance;
        this.log = log;
        redis.onChannel(keys.policiesChannel(), this::announced);
    }

    @Override
    public Taken take(List<Places> counters, List<String> ids, long maxWaitMillis, long leaseMillis) {
        List<?> taken = (List<?>) run(TAKE, counters, List.of(Long.toString(maxWaitMillis),
                Long.toString(leaseMillis)), ids);
        return new Taken(((Long) taken.get(0)).intValue(), (Long) taken.get(1), (Long) taken.get(2));
    }

    @Override
    public void responded(List<Places> counters, List<String> ids) {
        if (!ids.isEmpty()) {
            run(RESPONDED, counters, List.of(), ids);
        }
    }

    @Override
    public void giveBack(List<Places> counters, List<String> ids) {
        if (!ids.isEmpty()) {
            run(GIVE_BACK, counters, List.of(), ids);
        }
    }

    @Override
    public void renew(List<Places> counters, List<String> ids, long leaseMillis) {
        if (!ids.isEmpty()) {
            run(RENEW, counters, List.of(Long.toString(leaseMillis)), ids);
        }
    }

    /** Runs {@code script} with the keys and ARGV layout of {@link #BANDS}. */
    private Object run(RedisScript script, List<Places> counters, List<String> scriptArgs, List<String> ids) {
        List<String> bandKeys = new ArrayList<>();
        List<String> args = new ArrayList<>();
        args.add("");
        for (Places counter : counters) {
            for (int i = 0; i < counter.bands().size(); i++) {
                RateBand band = counter.bands().get(i);
                bandKeys.add(keys.placesHeld(counter.name(), i, band));
                bandKeys.add(keys.placesInFlight(counter.name(), i, band));
                args.add(Long.toString(band.calls()));
                args.add(Long.toString(band.period().toMillis()));
            }
        }
        args.set(0, Integer.toString(bandKeys.size() / 2));
        args.addAll(scriptArgs);
        args.addAll(ids);
        try {
            return redis.call(jedis -> script.run(jedis, bandKeys, args));
        } catch (TokenStore.Unavailable e) {
            throw new Unavailable(e.getMessage(), e);
        }
    }

    @Override
    public boolean available() {
        return redis.available();
    }

    @Override
    public void onRecovery(Runnable action) {
        redis.onReconnect(action);
    }

    /** Published from the scheduler thread, so that the caller never waits on Redis for it. */
    @Override
    public void announce(String message) {
        redis.execute(() -> {
            try {
                redis.call(jedis -> jedis.publish(keys.policiesChannel(), instance + " " + message));
            } catch (TokenStore.Unavailable e) {
                // at most once: the connection has logged the outage
            }
        });
    }

    @Override
    public void onAnnouncement(Consumer<String> listener) {
        listeners.add(listener);
    }

    /** On the subscriber thread, which a listener's exception must not break. */
    private void announced(String message) {
        int space = message.indexOf(' ');
        if (space < 0 || message.substring(0, space).equals(instance)) {
            return;
        }
        String announced = message.substring(space + 1);
        for (Consumer<String> listener : listeners) {
            try {
                listener.accept(announced);
            } catch (RuntimeException e) {
                log.warn("tokenguard: a policy announcement from the cluster could not be applied", e);
            }
        }
    }
}
