package dev.tokenguard.core.store.redis;

import dev.tokenguard.core.broker.TokenStore;
import dev.tokenguard.core.config.StoreLocation;
import java.nio.charset.StandardCharsets;
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
import org.slf4j.Logger;
import redis.clients.jedis.ConnectionPoolConfig;
import redis.clients.jedis.JedisPubSub;
import redis.clients.jedis.Protocol;
import redis.clients.jedis.RedisProtocol;
import redis.clients.jedis.UnifiedJedis;
import redis.clients.jedis.exceptions.JedisConnectionException;
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
 * <p>With Sentinels ({@link MasterConnections}), a failover is an outage like any other: the old
 * master's failure opens the circuit, and the re-check asks the Sentinels where the master is now and
 * closes it once that server says it is a master; the subscription follows to the new master.
 *
 * <p>Nothing connects in the constructor; {@link #start()} starts the subscriber, which connects.
 * The pool registers no JMX bean: the agent must not touch the platform MBean server before the
 * application has chosen its own.
 */
final class RedisConnection implements AutoCloseable {
    static final Duration TIMEOUT = Duration.ofMillis(200);
    static final Duration RECHECK = Duration.ofMillis(500);
    /** How often the Sentinels are asked where the master is, with the circuit closed. */
    static final Duration FOLLOW = Duration.ofSeconds(1);
    private static final int POOL_SIZE = 8;

    private final StoreLocation.RedisStore location;
    private final MasterConnections connections;
    private final UnifiedJedis jedis;
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

    RedisConnection(StoreLocation.RedisStore location, Logger log, int expectedInstances) {
        this.location = location;
        this.log = log;
        this.expectedInstances = expectedInstances;
        ConnectionPoolConfig pool = new ConnectionPoolConfig();
        pool.setMaxTotal(POOL_SIZE);
        pool.setMaxIdle(POOL_SIZE);
        pool.setMaxWait(TIMEOUT);
        pool.setJmxEnabled(false);
        this.connections = new MasterConnections(location, TIMEOUT, pool);
        this.jedis = new Client(connections);
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
        if (connections.followsSentinels()) {
            scheduler.scheduleWithFixedDelay(this::followMaster, FOLLOW.toMillis(), FOLLOW.toMillis(),
                    TimeUnit.MILLISECONDS);
        }
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
            if (connections.followsSentinels() && String.valueOf(refused.getMessage()).startsWith("READONLY")) {
                // The master the Sentinels named has been made a replica: a failover, followed as an outage.
                failed(refused);
                throw new TokenStore.Unavailable("Redis at " + location + " is failing over", refused);
            }
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
                + "its own and keeps to 1/{} of every token-rate band until Redis answers again; cluster-scoped"
                + " policies keep to 1/{} of their requests bands", location, describe(e), expectedInstances,
                expectedInstances);
        try {
            connections.clearIdle();
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
            if (connections.follow()) {
                resubscribe();
            }
            requireMaster();
            recovered();
        } catch (RuntimeException stillDown) {
            scheduleRecheck();
        }
    }

    /**
     * A PING, or with Sentinels, ROLE: during a failover the Sentinels may for a moment name a server
     * that is still a replica, and recovering onto it would fail at the next write.
     */
    private void requireMaster() {
        if (!connections.followsSentinels()) {
            jedis.ping();
            return;
        }
        Object role = jedis.sendCommand(Protocol.Command.ROLE);
        if (!(role instanceof List<?> reply) || reply.isEmpty() || !(reply.get(0) instanceof byte[] name)
                || !new String(name, StandardCharsets.US_ASCII).equals("master")) {
            throw new JedisConnectionException("the server the Sentinels name is not a master yet");
        }
    }

    /**
     * With Sentinels, every {@link #FOLLOW}: a failover the store did not notice through a failure (a
     * switch while no command was under way) still moves the pool and the subscription, whose
     * connection to the old master may well survive its demotion and would then hear nothing.
     */
    private void followMaster() {
        if (closed || !up.get()) {
            return;
        }
        try {
            if (connections.follow()) {
                log.info("Redis Sentinel at {} names a new master, {}: following it", location, connections.master());
                resubscribe();
            }
        } catch (RuntimeException sentinelsUnreachable) {
            // The master may still answer; a failure of a command is what opens the circuit.
            log.debug("Redis Sentinels did not answer", sentinelsUnreachable);
        }
    }

    /** Ends the current subscription, so that the subscriber thread subscribes again on the master. */
    private void resubscribe() {
        JedisPubSub current = subscription;
        try {
            if (current != null && current.isSubscribed()) {
                current.unsubscribe();
            }
        } catch (RuntimeException broken) {
            // its connection is gone: the subscriber thread is subscribing again already
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

    /**
     * A client over {@link MasterConnections}. UnifiedJedis's public constructor borrows a connection
     * at once to learn the protocol, which would connect (and read the TLS files) on the thread that
     * builds the guard; this one leaves the protocol to the connection config's default, as JedisPooled
     * does.
     */
    private static final class Client extends UnifiedJedis {
        Client(MasterConnections connections) {
            super(connections, (RedisProtocol) null);
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
