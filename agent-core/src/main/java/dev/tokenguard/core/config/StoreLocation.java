package dev.tokenguard.core.config;

import java.nio.file.Path;
import java.util.List;

/**
 * {@code tokenguard.store}: where the state that instances behind one address share lives. Either
 * {@link #LOCAL} (each JVM on its own) or a Redis: one server, or the master a group of Sentinels names.
 */
public sealed interface StoreLocation permits StoreLocation.Local, StoreLocation.RedisStore {

    StoreLocation LOCAL = new Local();

    /** Each JVM keeps its own tokens, limits and kill-switch: tokenguard without cluster mode. */
    final class Local implements StoreLocation {
        private Local() {}

        @Override
        public String toString() {
            return "local";
        }
    }

    /** What a Redis store connects with, whichever way it finds its server. */
    sealed interface RedisStore extends StoreLocation permits Redis, RedisSentinel {
        /** Whether the connections (to the server, and to the Sentinels) use TLS. */
        boolean tls();

        /** Null for the default user. */
        String user();

        /** Null for none; never shown by {@code toString()}. */
        String password();

        int database();

        /** Null where TLS uses the JVM's default key and trust stores. */
        StoreTls clientTls();
    }

    /**
     * A Redis server: {@code redis://[user:password@]host:port[/db]}, or {@code rediss://} for TLS.
     *
     * @param host a host name or address; an IPv6 address without its brackets
     */
    record Redis(boolean tls, String host, int port, String user, String password, int database, StoreTls clientTls)
            implements RedisStore {

        public Redis(boolean tls, String host, int port, String user, String password, int database) {
            this(tls, host, port, user, password, database, null);
        }

        /** The URL without the password, for logs and messages. */
        @Override
        public String toString() {
            return (tls ? "rediss://" : "redis://") + credentials(user, password) + shown(new Address(host, port)) + "/"
                    + database;
        }
    }

    /**
     * The master that Redis Sentinels name, followed through failovers:
     * {@code redis-sentinel://[user:password@]host:port[,host:port...]/master[/db]}, or
     * {@code rediss-sentinel://} for TLS to the Sentinels and the master alike. User and password are
     * the master's.
     *
     * @param sentinelPassword null where the Sentinels take no password
     */
    record RedisSentinel(boolean tls, List<Address> sentinels, String master, String user, String password,
                         int database, String sentinelPassword, StoreTls clientTls) implements RedisStore {

        public RedisSentinel {
            sentinels = List.copyOf(sentinels);
        }

        /** The URL without the passwords, for logs and messages. */
        @Override
        public String toString() {
            StringBuilder hosts = new StringBuilder();
            for (Address sentinel : sentinels) {
                hosts.append(hosts.length() == 0 ? "" : ",").append(shown(sentinel));
            }
            return (tls ? "rediss-sentinel://" : "redis-sentinel://") + credentials(user, password) + hosts + "/"
                    + master + "/" + database;
        }
    }

    /** A host and port; an IPv6 address without its brackets. */
    record Address(String host, int port) {
    }

    /**
     * The client's own key store (its certificate, for servers started with {@code tls-auth-clients})
     * and the trust store for the server's certificate; either may be null for the JVM's default.
     * Read when the store first connects; the passwords are never shown.
     */
    record StoreTls(Path keyStore, String keyStorePassword, Path trustStore, String trustStorePassword) {
        @Override
        public String toString() {
            return "key-store=" + keyStore + ", trust-store=" + trustStore;
        }
    }

    private static String credentials(String user, String password) {
        return password == null ? (user == null ? "" : user + "@") : (user == null ? "" : user) + ":***@";
    }

    private static String shown(Address address) {
        String host = address.host().indexOf(':') >= 0 ? "[" + address.host() + "]" : address.host();
        return host + ":" + address.port();
    }
}
