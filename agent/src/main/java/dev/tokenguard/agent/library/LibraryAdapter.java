package dev.tokenguard.agent.library;

/**
 * The entry of one client library's adapter, as its hook sees it. The adapter is compiled against the
 * library but runs in a copy made next to the library's own class loader (see
 * {@link AdapterClassLoader}), so the hook, which the agent's loader defines, talks to it through
 * this interface and plain {@code Object}s.
 */
public interface LibraryAdapter {

    /**
     * Fits tokenguard into one part of a client as the client is built (a builder, an exec chain
     * definition, an exec chain element), or into a client built before tokenguard was attached, at
     * its call, and returns what the client should use from then on. Must be idempotent: some
     * libraries run the same hook twice on one object, and a call-time hook runs on every call.
     */
    Object adapt(Object clientPart);
}
