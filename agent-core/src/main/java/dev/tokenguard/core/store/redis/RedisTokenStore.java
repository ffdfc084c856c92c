package dev.tokenguard.core.store.redis;

import dev.tokenguard.core.broker.SharedToken;
import dev.tokenguard.core.broker.StoreKey;
import dev.tokenguard.core.broker.TokenStore;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;

/**
 * The cluster's tokens in Redis (keys in {@link RedisKeys}), and its renewal lease: one of the two
 * {@link TokenStore}s. Every write is one Lua script, so each check and its write are atomic; every
 * time in Redis is Redis's own clock ({@code TIME}), and instances exchange only times relative to
 * it, so their clocks may disagree.
 *
 * <p>A lease is {@code <instance>:<fence>} in the lease key, set only where none exists, with the
 * fence from {@code INCR} in the same script. Its holder renews it every third of
 * {@link #LEASE_TTL} from the connection's scheduler thread; a holder that dies, or loses Redis,
 * stops doing so and loses the lease within {@link #LEASE_TTL}. Publishing checks that the holder's
 * fence is still the counter's value: once a later lease was taken, the earlier holder's token is
 * refused, however late it comes.
 *
 * <p>A token is stored with its stale and expiry times in Redis's milliseconds and a seal over
 * name, body and both times ({@link StoreKey#seal}): Redis is shared, and a value this instance did
 * not seal with the credential's secret (another credential's token copied over, a tampered time)
 * is ignored as if absent, with one WARN per key until a good value is read there again. The times
 * are made absolute here, from a {@code TIME} read just before the write, because the seal must
 * cover what is stored; the token endpoint's answer itself carries no time Redis could check.
 *
 * <p>A publication is announced on {@code <cluster>:tokens} as {@code <instance> <name>}: waiters of
 * this JVM wake at once, listeners read the token on the scheduler thread.
 */
final class RedisTokenStore implements TokenStore {
    static final Duration LEASE_TTL = Duration.ofSeconds(3);
    static final Duration FENCE_TTL = Duration.ofDays(1);

    static final String NOW = """
            local t = redis.call('TIME')
            local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
            """;

    /** Returns Redis's now in ms. */
    private static final String TIME = NOW + "return now\n";

    /** KEYS: token. Returns {body, stale_at, expires_at, seal, Redis's now in ms}, or nil. */
    private static final String READ = NOW + """
            local v = redis.call('HMGET', KEYS[1], 'body', 'stale_at', 'expires_at', 'seal')
            if not v[1] then return nil end
            return {v[1], v[2] or '', v[3] or '', v[4] or '', now}
            """;

    /** KEYS: lease, fence. ARGV: instance, lease ms, fence ms. Returns the fence, or 0 when held. */
    private static final String LEASE = """
            if redis.call('EXISTS', KEYS[1]) == 1 then return 0 end
            local fence = redis.call('INCR', KEYS[2])
            redis.call('PEXPIRE', KEYS[2], ARGV[3])
            redis.call('SET', KEYS[1], ARGV[1] .. ':' .. fence, 'PX', ARGV[2])
            return fence
            """;

    /** ARGV: (check), stale_at, expires_at, body, channel, message, seal. */
    private static final String STORE = """
            redis.call('DEL', KEYS[1])
            redis.call('HSET', KEYS[1], 'body', ARGV[4], 'stale_at', ARGV[2], 'expires_at', ARGV[3], 'seal', ARGV[7])
            redis.call('PEXPIREAT', KEYS[1], ARGV[3])
            redis.call('PUBLISH', ARGV[5], ARGV[6])
            return 1
            """;

    /** KEYS: token, fence. ARGV: fence, then as {@link #STORE}. 1 if published. */
    private static final String PUBLISH = """
            if redis.call('GET', KEYS[2]) ~= ARGV[1] then return 0 end
            """ + STORE;

    /** KEYS: token. As {@link #PUBLISH} without the fence; 0 if the stored token expires no earlier. */
    private static final String OFFER = """
            local held = tonumber(redis.call('HGET', KEYS[1], 'expires_at'))
            if held and held >= tonumber(ARGV[3]) then return 0 end
            """ + STORE;

    /** KEYS: lease. ARGV: its value. */
    private static final String RELEASE = """
            if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end
            return 0
            """;

    /** KEYS: lease. ARGV: its value, lease ms. */
    private static final String EXTEND = """
            if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('PEXPIRE', KEYS[1], ARGV[2]) end
            return 0
            """;

    private final RedisConnection redis;
    private final RedisKeys keys;
    private final String instance;
    private final Duration leaseTtl;
    private final Map<String, CompletableFuture<Void>> waiting = new ConcurrentHashMap<>();
    private final List<Listener> listeners = new CopyOnWriteArrayList<>();
    /** Names whose value failed its seal, warned about once until a good value is read there. */
    private final Set<String> refused = ConcurrentHashMap.newKeySet();
    private final Logger log;

    RedisTokenStore(RedisConnection redis, RedisKeys keys, String instance, Duration leaseTtl, Logger log) {
        this.redis = redis;
        this.log = log;
        this.keys = keys;
        this.instance = instance;
        this.leaseTtl = leaseTtl;
        redis.onChannel(keys.tokensChannel(), this::announced);
        redis.onReconnect(() -> listeners.forEach(Listener::reconnected));
    }

    @Override
    public boolean available() {
        return redis.available();
    }

    @Override
    public SharedToken read(StoreKey key) {
        Object reply = redis.call(jedis -> jedis.eval(READ, List.of(keys.token(key.name())), List.of()));
        if (!(reply instanceof List<?> fields) || fields.size() != 5) {
            return null;
        }
        String body = String.valueOf(fields.get(0));
        String staleAt = String.valueOf(fields.get(1));
        String expiresAt = String.valueOf(fields.get(2));
        long now = (Long) fields.get(4);
        if (!key.verifies(String.valueOf(fields.get(3)), key.name(), body, staleAt, expiresAt)) {
            if (refused.add(key.name())) {
                log.warn("tokenguard: the cluster's token for {} in Redis does not carry this credential's seal "
                        + "(written by an instance without its secret, copied from another key, or altered); "
                        + "it is ignored, and this instance renews as if none were stored", key.name());
            }
            return null;
        }
        refused.remove(key.name());
        // Sealed, so written by an instance with the secret; Token.adopted still clamps the times.
        return new SharedToken(body.getBytes(StandardCharsets.UTF_8), Long.parseLong(staleAt) - now,
                Long.parseLong(expiresAt) - now);
    }

    @Override
    public Lease lease(StoreKey key) {
        long fence = (Long) redis.call(jedis -> jedis.eval(LEASE, List.of(keys.lease(key.name()), keys.fence(key.name())),
                List.of(instance, Long.toString(leaseTtl.toMillis()), Long.toString(FENCE_TTL.toMillis()))));
        return fence == 0 ? null : new RedisLease(key, fence);
    }

    @Override
    public boolean offer(StoreKey key, SharedToken token) {
        if (token.usableMillis() <= 0) {
            return false;
        }
        return 1L == (Long) redis.call(jedis -> jedis.eval(OFFER, List.of(keys.token(key.name())),
                sealed(key, "", token)));
    }

    /**
     * The arguments of a write: {@code check}, the times made absolute on Redis's clock, the body,
     * the announcement and the seal over name, body and times.
     */
    private List<String> sealed(StoreKey key, String check, SharedToken token) {
        long now = (Long) redis.call(jedis -> jedis.eval(TIME, List.of(), List.of()));
        String body = new String(token.body(), StandardCharsets.UTF_8);
        String staleAt = Long.toString(now + Math.min(token.freshMillis(), token.usableMillis()));
        String expiresAt = Long.toString(now + token.usableMillis());
        return List.of(check, staleAt, expiresAt, body, keys.tokensChannel(), instance + " " + key.name(),
                key.seal(key.name(), body, staleAt, expiresAt));
    }

    @Override
    public void awaitPublication(StoreKey key, long nanos) throws InterruptedException {
        if (!redis.available()) {
            throw new Unavailable("Redis is unreachable");
        }
        try {
            waiting.computeIfAbsent(key.name(), k -> new CompletableFuture<>()).get(nanos, TimeUnit.NANOSECONDS);
        } catch (TimeoutException | ExecutionException e) {
            // the caller reads the store again either way
        }
    }

    @Override
    public void listen(Listener listener) {
        listeners.add(listener);
    }

    /** On the subscriber thread: wakes this JVM's waiters, then has the listeners read the token. */
    private void announced(String message) {
        int space = message.indexOf(' ');
        if (space < 0) {
            return;
        }
        String key = message.substring(space + 1);
        CompletableFuture<Void> waiters = waiting.remove(key);
        if (waiters != null) {
            waiters.complete(null);
        }
        if (!message.substring(0, space).equals(instance)) {
            redis.execute(() -> listeners.forEach(listener -> listener.published(key)));
        }
    }

    private final class RedisLease implements Lease {
        private final StoreKey key;
        private final long fence;
        private final String value;
        private final ScheduledFuture<?> keepAlive;

        RedisLease(StoreKey key, long fence) {
            this.key = key;
            this.fence = fence;
            this.value = instance + ":" + fence;
            long every = Math.max(1, leaseTtl.toMillis() / 3);
            ScheduledFuture<?> scheduled;
            try {
                scheduled = redis.scheduler().scheduleAtFixedRate(this::extend, every, every, TimeUnit.MILLISECONDS);
            } catch (RejectedExecutionException closing) {
                scheduled = null;
            }
            this.keepAlive = scheduled;
        }

        @Override
        public boolean publish(SharedToken token) {
            if (token.usableMillis() <= 0) {
                return true; // nothing worth sharing, and nobody fenced this holder out
            }
            return 1L == (Long) redis.call(jedis -> jedis.eval(PUBLISH, List.of(keys.token(key.name()),
                    keys.fence(key.name())), sealed(key, Long.toString(fence), token)));
        }

        private void extend() {
            try {
                Object extended = redis.call(jedis -> jedis.eval(EXTEND, List.of(keys.lease(key.name())),
                        List.of(value, Long.toString(leaseTtl.toMillis()))));
                if (!Long.valueOf(1).equals(extended)) {
                    stopKeepingAlive();
                }
            } catch (Unavailable e) {
                stopKeepingAlive();
            }
        }

        private void stopKeepingAlive() {
            if (keepAlive != null) {
                keepAlive.cancel(false);
            }
        }

        @Override
        public void close() {
            stopKeepingAlive();
            try {
                redis.call(jedis -> jedis.eval(RELEASE, List.of(keys.lease(key.name())), List.of(value)));
            } catch (RuntimeException e) {
                // Unreachable: the lease expires on its own.
            }
        }

        @Override
        public String toString() {
            return "Lease[" + value + "]";
        }
    }
}
