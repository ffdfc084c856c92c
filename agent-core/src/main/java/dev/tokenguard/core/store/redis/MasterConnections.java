package dev.tokenguard.core.store.redis;

import dev.tokenguard.core.config.StoreLocation;
import java.time.Duration;
import java.util.List;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocketFactory;
import org.apache.commons.pool2.impl.GenericObjectPoolConfig;
import redis.clients.jedis.ClientSetInfoConfig;
import redis.clients.jedis.CommandArguments;
import redis.clients.jedis.Connection;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.JedisClientConfig;
import redis.clients.jedis.exceptions.JedisConnectionException;
import redis.clients.jedis.exceptions.JedisException;
import redis.clients.jedis.providers.ConnectionProvider;
import redis.clients.jedis.providers.PooledConnectionProvider;

/**
 * The pooled connections to the Redis that holds the cluster's state: one server, or the master the
 * Sentinels name, which {@link #follow()} re-reads (on a failure, and periodically) and switches to.
 *
 * <p>Jedis has its own {@code SentineledConnectionProvider}, not used here: it connects to the
 * Sentinels in its constructor (failing when none answers, which the store must survive) and starts
 * listener threads that inherit the daemon flag of whichever thread creates it, so an application
 * thread could leave threads that keep the JVM from exiting. Asking the Sentinels from the store's own
 * threads does neither.
 *
 * <p>Nothing connects, and no TLS file is read, before the first connection is asked for.
 */
final class MasterConnections implements ConnectionProvider {
    private final StoreLocation.RedisStore location;
    private final Duration timeout;
    private final GenericObjectPoolConfig<Connection> poolConfig;
    private JedisClientConfig clientConfig;
    private JedisClientConfig sentinelConfig;
    private SSLSocketFactory tlsFiles;
    private volatile PooledConnectionProvider pool;
    private volatile HostAndPort master;

    MasterConnections(StoreLocation.RedisStore location, Duration timeout, GenericObjectPoolConfig<Connection> pool) {
        this.location = location;
        this.timeout = timeout;
        this.poolConfig = pool;
    }

    /** Whether the master may move: then a server refusing writes as a replica means it has. */
    boolean followsSentinels() {
        return location instanceof StoreLocation.RedisSentinel;
    }

    @Override
    public Connection getConnection() {
        return current().getConnection();
    }

    @Override
    public Connection getConnection(CommandArguments args) {
        return current().getConnection(args);
    }

    private PooledConnectionProvider current() {
        PooledConnectionProvider current = pool;
        if (current == null) {
            follow();
            current = pool;
        }
        return current;
    }

    /**
     * Connects to the master as the Sentinels name it now (or to the one server), switching the pool
     * when it moved.
     *
     * @return whether the master moved since the last call (false on the first)
     * @throws JedisException         when no Sentinel names the master
     * @throws IllegalStateException when a TLS file cannot be read; its message names key and file
     */
    synchronized boolean follow() {
        HostAndPort now = locate();
        if (now.equals(master) && pool != null) {
            return false;
        }
        PooledConnectionProvider previous = pool;
        pool = new PooledConnectionProvider(now, clientConfig(), poolConfig);
        master = now;
        if (previous != null) {
            // Connections still borrowed from it are destroyed as they are returned.
            previous.close();
        }
        return previous != null;
    }

    /** The master connected to, null before the first connection. */
    HostAndPort master() {
        return master;
    }

    /** Drops the idle connections, most likely dead after a failure; the next borrow makes new ones. */
    void clearIdle() {
        PooledConnectionProvider current = pool;
        if (current != null) {
            current.getPool().clear();
        }
    }

    private HostAndPort locate() {
        if (location instanceof StoreLocation.Redis redis) {
            return new HostAndPort(redis.host(), redis.port());
        }
        StoreLocation.RedisSentinel sentinels = (StoreLocation.RedisSentinel) location;
        String unanswered = "no Sentinel answered";
        for (StoreLocation.Address sentinel : sentinels.sentinels()) {
            try (Jedis asked = new Jedis(new HostAndPort(sentinel.host(), sentinel.port()), sentinelConfig())) {
                List<String> address = asked.sentinelGetMasterAddrByName(sentinels.master());
                if (address != null && address.size() == 2) {
                    return new HostAndPort(address.get(0), Integer.parseInt(address.get(1)));
                }
                unanswered = "no Sentinel monitors a master named " + sentinels.master();
            } catch (JedisException | NumberFormatException e) {
                // the next Sentinel may know
            }
        }
        throw new JedisConnectionException(unanswered);
    }

    private synchronized JedisClientConfig clientConfig() {
        if (clientConfig == null) {
            DefaultJedisClientConfig.Builder builder = builder().database(location.database());
            if (location.user() != null) {
                builder.user(location.user());
            }
            if (location.password() != null) {
                builder.password(location.password());
            }
            clientConfig = builder.build();
        }
        return clientConfig;
    }

    private synchronized JedisClientConfig sentinelConfig() {
        if (sentinelConfig == null) {
            DefaultJedisClientConfig.Builder builder = builder();
            String password = ((StoreLocation.RedisSentinel) location).sentinelPassword();
            if (password != null) {
                builder.password(password);
            }
            sentinelConfig = builder.build();
        }
        return sentinelConfig;
    }

    /** What the server's and the Sentinels' connections share: timeouts, name, TLS. */
    private synchronized DefaultJedisClientConfig.Builder builder() {
        DefaultJedisClientConfig.Builder builder = DefaultJedisClientConfig.builder()
                .connectionTimeoutMillis((int) timeout.toMillis())
                .socketTimeoutMillis((int) timeout.toMillis())
                .clientName("tokenguard")
                .clientSetInfoConfig(ClientSetInfoConfig.DISABLED)
                .ssl(location.tls());
        if (location.tls()) {
            // Without key or trust store of its own, the JVM's default SSLContext (javax.net.ssl.trustStore).
            if (location.clientTls() != null) {
                if (tlsFiles == null) {
                    tlsFiles = StoreTlsFiles.socketFactory(location.clientTls());
                }
                builder.sslSocketFactory(tlsFiles);
            }
            // Jedis checks the certificate's chain only; the host name is checked by asking for it here.
            SSLParameters verifyHost = new SSLParameters();
            verifyHost.setEndpointIdentificationAlgorithm("HTTPS");
            builder.sslParameters(verifyHost);
        }
        return builder;
    }

    @Override
    public void close() {
        PooledConnectionProvider current = pool;
        if (current != null) {
            current.close();
        }
    }
}
