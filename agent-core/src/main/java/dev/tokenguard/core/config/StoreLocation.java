package dev.tokenguard.core.config;

/**
 * {@code tokenguard.store}: where the state that instances behind one address share lives. Either
 * {@link #LOCAL} (each JVM on its own) or a Redis server.
 */
public sealed interface StoreLocation permits StoreLocation.Local, StoreLocation.Redis {

    StoreLocation LOCAL = new Local();

    /** Each JVM keeps its own tokens, limits and kill-switch: tokenguard without cluster mode. */
    final class Local implements StoreLocation {
        private Local() {}

        @Override
        public String toString() {
            return "local";
        }
    }

    /**
     * A Redis server: {@code redis://[user:password@]host:port[/db]}, or {@code rediss://} for TLS.
     *
     * @param host     a host name or address; an IPv6 address without its brackets
     * @param user     null for the default user
     * @param password null for none; never shown by {@link #toString()}
     */
    record Redis(boolean tls, String host, int port, String user, String password, int database)
            implements StoreLocation {

        /** The URL without the password, for logs and messages. */
        @Override
        public String toString() {
            String credentials = password == null ? (user == null ? "" : user + "@")
                    : (user == null ? "" : user) + ":***@";
            String shownHost = host.indexOf(':') >= 0 ? "[" + host + "]" : host;
            return (tls ? "rediss://" : "redis://") + credentials + shownHost + ":" + port + "/" + database;
        }
    }
}
