package dev.tokenguard.core.policy;

import dev.tokenguard.core.config.PolicyConfig;
import dev.tokenguard.core.config.RateBand;

/**
 * What one policy counts for one key of its {@code per} (the whole policy, one client id, one header
 * value...): its request windows, its byte budget, its calls in flight and its pause after a carrier's
 * 429. Guarded by the engine's lock.
 */
final class Counter {
    /** Replaced when a reload carries the counter over to the policy's new configuration. */
    Policy policy;
    /** Describes the key in messages, never a secret: a credential's fingerprint, a header's value. */
    final String label;
    /** Unique in the engine, for interning the set of counters one call passes. */
    final int id;
    final RequestWindow[] windows;
    final ByteBudget bytes;
    /** Shared with the counter of the same policy name and key before a reload, so that calls in flight carry over. */
    final InFlight inFlight;
    /** Queued calls that need a place of this counter's in-flight limit: newcomers queue behind them. */
    int queued;
    /** The engine's queue scan in which a call ahead in the queue still waits for this counter. */
    int heldBack;
    long pausedUntilNanos;
    long pausedUntilMillis;

    /** Calls of a counter under way. */
    static final class InFlight {
        int count;
    }

    Counter(Policy policy, String label, int id, InFlight inFlight) {
        this.policy = policy;
        this.label = label;
        this.id = id;
        PolicyConfig config = policy.config();
        this.windows = new RequestWindow[config.requests().size()];
        for (int i = 0; i < windows.length; i++) {
            RateBand band = config.requests().get(i);
            windows[i] = new RequestWindow(band);
        }
        this.bytes = config.bytes() == null ? null : new ByteBudget(config.bytes());
        this.inFlight = inFlight;
    }

    boolean paused(long now) {
        return pausedUntilMillis != 0 && pausedUntilNanos - now > 0;
    }

    /**
     * How many of the counter's calls may be under way at once (0: no cap): {@code in-flight}, and for
     * {@code requests=N/W} also {@code N}, since a call holds its request place until {@code W} after
     * its response ({@link RequestWindow}) and the time a call beyond {@code N} may go is not known
     * before one of them answers.
     */
    int inFlightCap() {
        int cap = policy.config().inFlight();
        for (RequestWindow w : windows) {
            long calls = w.band().calls();
            if (calls > 0 && calls < Integer.MAX_VALUE && (cap <= 0 || calls < cap)) {
                cap = (int) calls;
            }
        }
        return cap;
    }

    /** Whether a newcomer finds no in-flight place: the cap is reached, or others queue for one. */
    boolean inFlightFull() {
        int cap = inFlightCap();
        return cap > 0 && (inFlight.count >= cap || queued > 0);
    }

    boolean inFlightFree() {
        int cap = inFlightCap();
        return cap <= 0 || inFlight.count < cap;
    }

    /** What holds a queued call: {@code in-flight=N}, or the calls of a request band under way. */
    String inFlightLimit() {
        int limit = policy.config().inFlight();
        return limit > 0 && limit == inFlightCap() ? "in-flight=" + limit
                : "requests=" + inFlightCap() + " calls under way";
    }

    /** The earliest this counter admits a call, and which limit holds it there (null: none). */
    long earliest(long now) {
        long at = now;
        for (RequestWindow w : windows) {
            long t = w.earliest(now, inFlight.count);
            if (t - at > 0) {
                at = t;
            }
        }
        if (bytes != null) {
            long t = bytes.earliest(now);
            if (t - at > 0) {
                at = t;
            }
        }
        return at;
    }

    /** The request band that holds a call latest, or null when none holds it past {@code now}. */
    RequestWindow decidingWindow(long now) {
        RequestWindow deciding = null;
        long latest = now;
        for (RequestWindow w : windows) {
            long t = w.earliest(now, inFlight.count);
            if (t - latest > 0) {
                latest = t;
                deciding = w;
            }
        }
        return deciding;
    }

    void admit(long at, long requestBytes) {
        for (RequestWindow w : windows) {
            w.record(at);
        }
        if (bytes != null) {
            bytes.charge(at, requestBytes);
        }
        inFlight.count++;
    }

    /** The call ended at {@code now}; its in-flight place is free again, its request places W later. */
    void release(long now) {
        if (inFlight.count > 0) {
            inFlight.count--;
        }
        for (RequestWindow w : windows) {
            w.responded(now);
        }
    }
}
