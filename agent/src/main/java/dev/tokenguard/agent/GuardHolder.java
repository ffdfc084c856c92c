package dev.tokenguard.agent;

import dev.tokenguard.core.http.RequestGuard;

/**
 * Where the adapters of clients loaded by the application's class loaders find the running guard.
 * Set once at premain, before any hook is installed; volatile so that a hook on another thread
 * sees the fully built guard.
 */
public final class GuardHolder {
    private static volatile RequestGuard guard;

    private GuardHolder() {}

    public static RequestGuard guard() {
        return guard;
    }

    static void set(RequestGuard g) {
        guard = g;
    }
}
