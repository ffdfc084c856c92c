package dev.tokenguard.core.store.redis;

import dev.tokenguard.core.broker.TokenStore;
import dev.tokenguard.core.config.StoreLocation;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;
import java.util.function.Function;
import javax.net.ssl.SSLParameters;
import org.slf4j.Logger;
import redis.clients.jedis.ClientSetInfoConfig;
import redis.clients.jedis.ConnectionPoolConfig;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.JedisPooled;
import redis.clients.jedis.JedisPubSub;
import redis.clients.jedis.UnifiedJedis;
import redis.clients.jedis.exceptions.JedisDataException;

/**
 * tokenguard's one connection to Redis: a small Jedis pool, a circuit that keeps callers off a Redis
 * known to be unreachable, the subscriber thread for the cluster's channels, and the one thread
 * ({@link #scheduler()}) that re-checks Redis, keeps leases alive and handles messages.
 *
 * <p>No call blocks longer than {@link #TIMEOUT} per round trip (connect, read, or waiting for a
 * pooled connection). The first failure opens the circuit: {@link #available()} turns false, one
 * WARN is written, and until a background PING (every {@link #RECHECK}) or the subscriber's
 * reconnection succeeds, nobody waits on Redis at all. Then one INFO, and the reconnect actions run
 * on the scheduler, since messages may have been missed meanwhile; they also run after every
 * (re)subscription, the first included, which is how an instance learns the cluster's state at
 * start.
 *
 * <p>Nothing connects in the constructor; {@link #start()} starts the subscriber, which connects.
 * The pool registers no JMX bean: the agent must not touch the platform MBean server before the
 * application has chosen its own.
 */
final class RedisConnection implements AutoCloseable {
    static final Duration TIMEOUT = Duration.ofMillis(200);
    static final Duration RECHECK = Duration.ofMillis(500);
    private static final int POOL_SIZE = 8;

    private final StoreLocation.Redis location;
    private final JedisPooled jedis;
    private final Logger log;
    private final int expectedInstances;
    private final ScheduledExecutorService scheduler;
    private final AtomicBoolean up = new AtomicBoolean(true);
    /** One ERROR per connection for commands Redis refuses: they will be refused again. */
    private final AtomicBoolean refusalLogged = new AtomicBoolean();
    private final Map<String, Consumer<String>> channels = new ConcurrentHashMap<>();
    private final List<Runnable> reconnectActions = new CopyOnWriteArrayList<>();
    private final Thread subscriberThread;
    private volatile JedisPubSub subscription;
    private volatile boolean closed;

    RedisConnection(StoreLocation.Redis location, Logger log, int expectedInstances) {
        this.location = location;
        this.log = log;
        this.expectedInstances = expectedInstances;
        DefaultJedisClientConfig.Builder client = DefaultJedisClientConfig.builder()
                .connectionTimeoutMillis((int) TIMEOUT.toMillis())
                .socketTimeoutMillis((int) TIMEOUT.toMillis())
                .database(location.database())
                .clientName("tokenguard")
                .clientSetInfoConfig(ClientSetInfoConfig.DISABLED)
                // rediss://: the JVM's default SSLContext, so javax.net.ssl.trustStore applies.
                .ssl(location.tls());
        if (location.tls()) {
            // Jedis checks the certificate's chain only; the host name is checked by asking for it here.
            SSLParameters verifyHost = new SSLParameters();
            verifyHost.setEndpointIdentificationAlgorithm("HTTPS");
            client.sslParameters(verifyHost);
        }
        if (location.user() != null) {
            client.user(location.user());
        }
        if (location.password() != null) {
            client.password(location.password());
        }
        ConnectionPoolConfig pool = new ConnectionPoolConfig();
        pool.setMaxTotal(POOL_SIZE);
        pool.setMaxIdle(POOL_SIZE);
        pool.setMaxWait(TIMEOUT);
        pool.setJmxEnabled(false);
        this.jedis = new JedisPooled(new HostAndPort(location.host(), location.port()), client.build(), pool);
        this.scheduler = Executors.newSingleThreadScheduledExecutor(task -> daemon(task, "tokenguard-redis"));
        this.subscriberThread = daemon(this::subscribeUntilClosed, "tokenguard-redis-subscriber");
    }

    private static Thread daemon(Runnable task, String name) {
        Thread thread = new Thread(task, name);
        thread.setDaemon(true);
        return thread;
    }

    /**
     * Hands the messages of {@code channel} to {@code handler} on the subscriber thread, which must
     * not wait there: work that calls Redis goes to {@link #execute}. Register before {@link #start()}.
     */
    void onChannel(String channel, Consumer<String> handler) {
        channels.put(channel, handler);
    }

    /** Runs {@code action} on the scheduler after every (re)subscription and every recovery. */
    void onReconnect(Runnable action) {
        reconnectActions.add(action);
    }

    void start() {
        subscriberThread.start();
    }

    /** Whether Redis may be asked now: false from a failure until it answers again. */
    boolean available() {
        return up.get();
    }

    /**
     * Runs one command (or script).
     *
     * @throws TokenStore.Unavailable while the circuit is open, or when the command fails (which
     *                                opens it)
     */
    <T> T call(Function<UnifiedJedis, T> command) {
        if (!up.get()) {
            throw new TokenStore.Unavailable("Redis at " + location + " is unreachable");
        }
        try {
            return command.apply(jedis);
        } catch (JedisDataException refused) {
            // Redis answered, with an error (NOPERM under an ACL, READONLY on a replica, a script
            // error): it is reachable, so the circuit stays closed; a PING would succeed at once and
            // the circuit would open and close forever. This call falls back to local mode.
            if (refusalLogged.compareAndSet(false, true)) {
                log.error("Redis at {} refused a command ({}): this instance works in local mode for every"
                        + " refused command; check the user's ACL and that the server is a writable primary",
                        location, describe(refused));
            }
            throw new TokenStore.Unavailable("Redis at " + location + " refused a command", refused);
        } catch (RuntimeException e) {
            failed(e);
            throw new TokenStore.Unavailable("Redis at " + location + " is unreachable", e);
        }
    }

    /** The client itself, for Bucket4j's proxy manager, which makes its own calls. */
    UnifiedJedis client() {
        return jedis;
    }

    ScheduledExecutorService scheduler() {
        return scheduler;
    }

    /** Runs {@code task} on the scheduler, unless closed. */
    void execute(Runnable task) {
        try {
            scheduler.execute(task);
        } catch (RejectedExecutionException closing) {
            // closed: nothing more to do for Redis
        }
    }

    /**
     * A command failed: opens the circuit, with one WARN per outage. The pool's idle connections go
     * too, as they are most likely dead, and each would otherwise fail once more after recovery.
     */
    void failed(RuntimeException e) {
        if (closed || !up.compareAndSet(true, false)) {
            return;
        }
        log.warn("Redis at {} unreachable ({}): cluster mode suspended; this instance renews tokens on "
                + "its own and keeps to 1/{} of every token-rate band until Redis answers again", location,
                describe(e), expectedInstances);
        try {
            jedis.getPool().clear();
        } catch (RuntimeException ignored) {
            // the next borrow replaces whatever was not cleared
        }
        scheduleRecheck();
    }

    private String describe(RuntimeException e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String text = root.getClass().getSimpleName() + (root.getMessage() == null ? "" : ": " + root.getMessage());
        // Redis and Jedis do not echo passwords; this makes sure of it.
        return location.password() == null ? text : text.replace(location.password(), "***");
    }

    private void scheduleRecheck() {
        try {
            scheduler.schedule(this::recheck, RECHECK.toMillis(), TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException closing) {
            // closed
        }
    }

    private void recheck() {
        if (closed || up.get()) {
            return;
        }
        try {
            jedis.ping();
            recovered();
        } catch (RuntimeException stillDown) {
            scheduleRecheck();
        }
    }

    private void recovered() {
        if (up.compareAndSet(false, true)) {
            log.info("Redis at {} answers again: back in cluster mode", location);
            resync();
        }
    }

    private void resync() {
        execute(() -> {
            for (Runnable action : reconnectActions) {
                try {
                    action.run();
                } catch (RuntimeException e) {
                    log.debug("resync with Redis failed", e);
                }
            }
        });
    }

    /**
     * The subscriber thread: subscribes, and after a failure waits {@link #RECHECK} and subscribes
     * again. A subscription holds one pooled connection, without a read timeout, until it fails.
     */
    private void subscribeUntilClosed() {
        String[] names = channels.keySet().toArray(String[]::new);
        while (!closed) {
            Subscription current = new Subscription(names.length);
            subscription = current;
            try {
                jedis.subscribe(current, names);
            } catch (RuntimeException e) {
                if (!closed) {
                    failed(e);
                }
            }
            if (!closed) {
                LockSupport.parkNanos(RECHECK.toNanos());
            }
        }
    }

    private final class Subscription extends JedisPubSub {
        private final int channelCount;

        Subscription(int channelCount) {
            this.channelCount = channelCount;
        }

        @Override
        public void onSubscribe(String channel, int subscribedChannels) {
            if (subscribedChannels == channelCount) {
                if (up.get()) {
                    resync();
                } else {
                    recovered();
                }
            }
        }

        @Override
        public void onMessage(String channel, String message) {
            Consumer<String> handler = channels.get(channel);
            if (handler != null) {
                handler.accept(message);
            }
        }
    }

    @Override
    public void close() {
        closed = true;
        JedisPubSub current = subscription;
        try {
            if (current != null && current.isSubscribed()) {
                current.unsubscribe();
            }
        } catch (RuntimeException alreadyBroken) {
            // the connection is gone with the subscription
        }
        subscriberThread.interrupt();
        scheduler.shutdownNow();
        try {
            jedis.close();
        } catch (RuntimeException ignored) {
            // closing is best effort
        }
    }
}
