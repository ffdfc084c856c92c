package dev.tokenguard.core.broker;

import java.util.concurrent.TimeUnit;

/**
 * Tells when someone outside this JVM keeps revoking a credential's tokens: a JVM without the agent
 * (a partial rollout) or another guarded JVM without the shared store, renewing the same credential
 * on a carrier whose new token revokes the old. The carrier then answers 401 to a FRESH token this
 * JVM holds while no renewal of its own is in flight that could explain it.
 *
 * <p>One such 401 proves little (a carrier hiccup, a token revoked by hand), so only
 * {@value #REPEATED} within {@link #WINDOW_NANOS} are reported, and at most one report per
 * {@link #QUIET_NANOS}: the operator needs to hear it, not to read it on every renewal.
 *
 * <p>Revocations are rare (at most one per renewal), so a short critical section without any
 * blocking call inside is cheaper than a lock-free scheme and cannot pin a virtual thread for long.
 */
final class Revocations {
    static final int REPEATED = 3;
    static final long WINDOW_NANOS = TimeUnit.MINUTES.toNanos(10);
    static final long QUIET_NANOS = TimeUnit.MINUTES.toNanos(5);

    private long windowStart;
    private int inWindow;
    private boolean reported;
    private long lastReport;

    /**
     * Records one revocation by someone else at {@code now}.
     *
     * @return how many were seen in the current window when this one should be reported, else 0
     */
    synchronized int revoked(long now) {
        if (inWindow == 0 || now - windowStart >= WINDOW_NANOS) {
            windowStart = now;
            inWindow = 0;
        }
        inWindow++;
        if (inWindow < REPEATED || reported && now - lastReport < QUIET_NANOS) {
            return 0;
        }
        reported = true;
        lastReport = now;
        return inWindow;
    }
}
