package dev.tokenguard.core.events;

import java.util.EnumMap;
import java.util.Map;
import java.util.StringJoiner;
import java.util.concurrent.atomic.LongAdder;

/**
 * Counters of one carrier since start. {@link LongAdder}s, because several of them are bumped by
 * every caller of a storm at once; reading one is a sum over its cells, which is cheap enough for
 * JMX and the log summary and never blocks a writer.
 */
public final class CarrierStats {
    final LongAdder realTokenCalls = new LongAdder();
    final LongAdder adoptedTokens = new LongAdder();
    final LongAdder failedRenewals = new LongAdder();
    final LongAdder suppressedRenewals = new LongAdder();
    final LongAdder coalescedWaiters = new LongAdder();
    final LongAdder rateLimitedRenewals = new LongAdder();
    final LongAdder unauthorized = new LongAdder();
    final LongAdder invalidations = new LongAdder();
    final LongAdder revokedElsewhere = new LongAdder();
    final LongAdder upgraded = new LongAdder();
    final LongAdder replayed = new LongAdder();
    final LongAdder refused = new LongAdder();
    /** Refusals by {@link RefusalReason}, indexed by ordinal; they add up to {@link #refused}. */
    final LongAdder[] refusedBy = new LongAdder[RefusalReason.values().length];
    final LongAdder bansDetected = new LongAdder();
    final LongAdder killSwitchChanges = new LongAdder();
    final LongAdder internalErrors = new LongAdder();

    CarrierStats() {
        for (int i = 0; i < refusedBy.length; i++) {
            refusedBy[i] = new LongAdder();
        }
    }

    /** Token calls that left the JVM (the application's and the broker's own). */
    public long realTokenCalls() {
        return realTokenCalls.sum();
    }

    /** Tokens another instance of the cluster got, adopted instead of renewing (cluster mode). */
    public long adoptedTokens() {
        return adoptedTokens.sum();
    }

    /** Real token calls that brought no usable, later-expiring token. */
    public long failedRenewals() {
        return failedRenewals.sum();
    }

    /** Token requests of the application answered from the cache. */
    public long suppressedRenewals() {
        return suppressedRenewals.sum();
    }

    /** Callers that waited for a renewal another caller had started instead of making their own. */
    public long coalescedWaiters() {
        return coalescedWaiters.sum();
    }

    /** Renewals the token-call limiter did not let through. */
    public long rateLimitedRenewals() {
        return rateLimitedRenewals.sum();
    }

    /** API responses with status 401. */
    public long unauthorized() {
        return unauthorized.sum();
    }

    /** Tokens dropped because a 401 named them while they were current. */
    public long invalidations() {
        return invalidations.sum();
    }

    /**
     * 401s for a FRESH token while no renewal of this JVM was in flight: someone else renewing (and
     * so revoking) the same credential.
     */
    public long revokedElsewhere() {
        return revokedElsewhere.sum();
    }

    /** API requests whose superseded bearer token was replaced by the current one. */
    public long upgraded() {
        return upgraded.sum();
    }

    /** API requests sent once more with a new token after a 401. */
    public long replayed() {
        return replayed.sum();
    }

    /** Synthetic refusals (kill-switch, limiter, back-off, waits that ran out). */
    public long refused() {
        return refused.sum();
    }

    /** Synthetic refusals of one kind. */
    public long refused(RefusalReason reason) {
        return refusedBy[reason.ordinal()].sum();
    }

    /** Synthetic refusals by kind, every kind in declaration order, zeros included. */
    public Map<RefusalReason, Long> refusedByReason() {
        Map<RefusalReason, Long> counts = new EnumMap<>(RefusalReason.class);
        for (RefusalReason reason : RefusalReason.values()) {
            counts.put(reason, refused(reason));
        }
        return counts;
    }

    /**
     * The refusals by kind as one line, {@code kill-switch=3, rate-limit=0, ...}: every kind, in a
     * fixed order, so that a script can read it.
     */
    public String refusedByReasonText() {
        StringJoiner text = new StringJoiner(", ");
        refusedByReason().forEach((reason, count) -> text.add(reason.label() + "=" + count));
        return text.toString();
    }

    /** Ban answers (the carrier's ban status) from the token endpoint or a probe. */
    public long bansDetected() {
        return bansDetected.sum();
    }

    public long killSwitchChanges() {
        return killSwitchChanges.sum();
    }

    /** Unexpected exceptions inside agent-core; each was answered safely. */
    public long internalErrors() {
        return internalErrors.sum();
    }

    @Override
    public String toString() {
        return "CarrierStats[real=" + realTokenCalls() + ", adopted=" + adoptedTokens() + ", failed=" + failedRenewals()
                + ", suppressed=" + suppressedRenewals() + ", coalesced=" + coalescedWaiters()
                + ", rateLimited=" + rateLimitedRenewals() + ", unauthorized=" + unauthorized()
                + ", invalidations=" + invalidations() + ", revokedElsewhere=" + revokedElsewhere() + ", upgraded=" + upgraded()
                + ", replayed=" + replayed() + ", refused=" + refused() + " (" + refusedByReasonText() + "), bans=" + bansDetected()
                + ", killSwitchChanges=" + killSwitchChanges() + ", internalErrors=" + internalErrors() + "]";
    }
}
