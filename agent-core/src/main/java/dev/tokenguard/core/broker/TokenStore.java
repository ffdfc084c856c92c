package dev.tokenguard.core.broker;

/**
 * How the renewals of one credential are coordinated beyond its {@link CredentialSlot}: who makes
 * the one real call, and how the others learn its token. Within a JVM the slot's single flight
 * already admits one renewal per credential at a time; a store extends that to the instances
 * behind one address (cluster mode). Two implementations: this JVM alone
 * ({@link dev.tokenguard.core.store.LocalTokenStore}, whose lease is the flight the caller already
 * leads) and the Redis lease ({@code dev.tokenguard.core.store.redis.RedisTokenStore}). The broker
 * consults it on renewals only; a request served from this JVM's current token never reaches it,
 * and publications by other instances arrive through the {@link Listener}.
 *
 * <p>Keys name a carrier and a credential ({@link StoreKey}), never a secret. A shared store's
 * methods may throw {@link Unavailable}; the broker then renews on its own, as a JVM alone does, and
 * offers what it got when the store is back.
 */
public interface TokenStore {

    /** Whether the store may be asked now: false while it is known to be unreachable. One volatile read. */
    boolean available();

    /** The token the cluster holds for {@code key}, or null (none, or none that verifies). */
    SharedToken read(StoreKey key);

    /** Takes the renewal lease of {@code key}; null when another instance holds it. */
    Lease lease(StoreKey key);

    /**
     * Makes {@code token} the cluster's unless the store holds one that expires later: for a token
     * this instance got on its own while the store was unreachable. Leaves any lease alone.
     *
     * @return whether the store took it
     */
    boolean offer(StoreKey key, SharedToken token);

    /**
     * Waits at most {@code nanos} for another instance to publish a token for {@code key}; may
     * return early for any reason, so callers read again.
     */
    void awaitPublication(StoreKey key, long nanos) throws InterruptedException;

    /** Adds a listener, called on the store's own thread. */
    void listen(Listener listener);

    /**
     * The right to make the one real call of a renewal for the whole cluster, until closed or until
     * it expires (when its holder stops renewing it, having died or lost the store). Numbered by a
     * fencing token: a later lease has a higher one.
     */
    interface Lease extends AutoCloseable {
        /**
         * Publishes {@code token} as the cluster's, unless a lease with a higher fencing token has been
         * taken since: a holder that stalled past its lease must not overwrite its successor's token.
         *
         * @return whether it was published
         */
        boolean publish(SharedToken token);

        /** Gives the lease up, if this instance still holds it. Never throws. */
        @Override
        void close();
    }

    /** What the store tells the brokers, on its own thread. */
    interface Listener {
        /** Another instance published a token for the key of this {@link StoreKey#name()}. */
        void published(String name);

        /** The store is reachable again after it was not: publications may have been missed. */
        void reconnected();
    }

    /** The store cannot be reached now; whoever asked goes on without it. */
    final class Unavailable extends RuntimeException {
        private static final long serialVersionUID = 1L;

        public Unavailable(String message) {
            super(message, null, false, false);
        }

        public Unavailable(String message, Throwable cause) {
            super(message, cause, false, false);
        }
    }
}
