package dev.tokenguard.core.broker;

/**
 * Where the instances behind one address share their tokens (cluster mode): one token per
 * credential, one renewal at a time, for all of them. The broker consults it on renewals only; a
 * request served from this JVM's current token never reaches it, and publications by other
 * instances arrive through the {@link Listener}.
 *
 * <p>Keys name a carrier and a credential ({@link CredentialSlot#storeKey()}), never a secret.
 * Every method may throw {@link Unavailable}; the broker then renews on its own, as a JVM without a
 * store does, and offers what it got when the store is back. {@link #LOCAL} is that JVM's store:
 * never available.
 */
public interface TokenStore {

    /** No store: each JVM renews on its own. */
    TokenStore LOCAL = new TokenStore() {
        @Override
        public boolean available() {
            return false;
        }

        @Override
        public SharedToken read(String key) {
            throw new Unavailable("no shared store");
        }

        @Override
        public Lease lease(String key) {
            throw new Unavailable("no shared store");
        }

        @Override
        public boolean offer(String key, SharedToken token) {
            throw new Unavailable("no shared store");
        }

        @Override
        public void awaitPublication(String key, long nanos) {
            throw new Unavailable("no shared store");
        }

        @Override
        public void listen(Listener listener) {
            // nothing is ever published
        }
    };

    /** Whether the store may be asked now: false while it is known to be unreachable. One volatile read. */
    boolean available();

    /** The token the cluster holds for {@code key}, or null. */
    SharedToken read(String key);

    /** Takes the renewal lease of {@code key}; null when another instance holds it. */
    Lease lease(String key);

    /**
     * Makes {@code token} the cluster's unless the store holds one that expires later: for a token
     * this instance got on its own while the store was unreachable. Leaves any lease alone.
     *
     * @return whether the store took it
     */
    boolean offer(String key, SharedToken token);

    /**
     * Waits at most {@code nanos} for another instance to publish a token for {@code key}; may
     * return early for any reason, so callers read again.
     */
    void awaitPublication(String key, long nanos) throws InterruptedException;

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
        /** Another instance published a token for {@code key}. */
        void published(String key);

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
