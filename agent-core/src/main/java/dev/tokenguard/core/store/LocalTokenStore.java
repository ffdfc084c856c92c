package dev.tokenguard.core.store;

import dev.tokenguard.core.broker.SharedToken;
import dev.tokenguard.core.broker.StoreKey;
import dev.tokenguard.core.broker.TokenStore;

/**
 * Renewal coordination for a JVM alone ({@code tokenguard.store=local}): nobody else publishes, so
 * there is never a token to read or wait for, and the lease is always granted. The caller asking
 * for it already leads its credential's one flight in this JVM (see
 * {@link dev.tokenguard.core.broker.CredentialSlot}), which is all the exclusion a JVM alone needs.
 */
public final class LocalTokenStore implements TokenStore {
    /** The flight's own right to call: nothing to publish to, nothing to give back. */
    private static final Lease FLIGHT = new Lease() {
        @Override
        public boolean publish(SharedToken token) {
            return true;
        }

        @Override
        public void close() {
            // nothing held beyond the flight itself
        }

        @Override
        public String toString() {
            return "Lease[this JVM's flight]";
        }
    };

    @Override
    public boolean available() {
        return true;
    }

    @Override
    public SharedToken read(StoreKey key) {
        return null;
    }

    @Override
    public Lease lease(StoreKey key) {
        return FLIGHT;
    }

    @Override
    public boolean offer(StoreKey key, SharedToken token) {
        return false;
    }

    /** Never reached: a lease here is always granted, so nobody waits for another's publication. */
    @Override
    public void awaitPublication(StoreKey key, long nanos) {
        // returns at once; the caller reads again, finds nothing and takes the lease
    }

    @Override
    public void listen(Listener listener) {
        // nothing is ever published by anyone else
    }
}
