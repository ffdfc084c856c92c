package dev.tokenguard.agent.library;

import dev.tokenguard.agent.GuardHolder;
import dev.tokenguard.core.http.DefaultPorts;
import dev.tokenguard.core.http.RequestGuard;

/** The first check of every adapter on the hot path: is this request a carrier's at all? */
public final class CarrierGuard {

    private CarrierGuard() {}

    /**
     * The running guard if it claims this host, else null: the request is not tokenguard's business
     * and goes on untouched. Null too before the guard is set and when the check itself fails.
     *
     * @param port the port as the client knows it; -1 (none given) becomes the scheme's default
     */
    public static RequestGuard forHost(String library, String scheme, String host, int port) {
        RequestGuard guard = GuardHolder.guard();
        if (guard == null || host == null) {
            return null;
        }
        try {
            return guard.isCarrierHost(host, DefaultPorts.effective(scheme, port)) ? guard : null;
        } catch (RuntimeException | LinkageError e) {
            AdapterFailures.report(library, e);
            return null;
        }
    }
}
