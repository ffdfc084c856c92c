package dev.tokenguard.core.broker;

import dev.tokenguard.core.config.CarrierConfig;
import dev.tokenguard.core.events.RefusalReason;
import dev.tokenguard.core.time.TimeSource;
import java.util.concurrent.TimeUnit;

/**
 * What the leader of a credential's flight does: keep the floor and back-off, make the real call
 * through the {@link TokenCaller}, and learn the token from the answer. Runs for one flight at a
 * time per credential, which is what lets it write the back-off state and the current token
 * without further synchronisation.
 *
 * <p>Every leader goes through the {@link TokenStore} before it calls, the same way in both modes.
 * A JVM alone finds nothing there and is granted the lease at once. In cluster mode the flight
 * leaders of all instances coordinate there: a token another instance published is adopted;
 * otherwise the one instance that takes the store's lease calls and publishes, and the others wait
 * for its token, reading the store again every {@link #STORE_POLL_NANOS} in case its holder died.
 * The holder may wait up to {@code token-wait} for a permit, then call for up to
 * {@code token-timeout}, so a wait for it is bounded by both and a poll, never by {@code token-wait}
 * alone. When a shared store cannot be reached, the leader renews on its own without a lease, as a
 * JVM alone does.
 *
 * <p>Time budgets: {@code token-wait} bounds the floor and the permit together; the call is bounded
 * by {@code token-timeout}; see {@link #longestNanos} for the whole.
 */
final class TokenRenewal {
    /** How often a leader waiting for another instance's renewal reads the store again. */
    static final long STORE_POLL_NANOS = TimeUnit.MILLISECONDS.toNanos(250);
    private static final long RETRY_AFTER_ELSEWHERE_NANOS = TimeUnit.SECONDS.toNanos(1);

    private final CredentialSlot slot;
    private final TokenBroker broker;
    private final Backoff backoff;

    TokenRenewal(CredentialSlot slot, TokenBroker broker, Backoff backoff) {
        this.slot = slot;
        this.broker = broker;
        this.backoff = backoff;
    }

    /**
     * The longest one renewal takes: the floor and a permit (token-wait), a wait for another
     * instance's lease holder (its permit and call, and a poll), then the call (token-timeout).
     */
    static long longestNanos(CarrierConfig config) {
        long wait = config.tokenWait().toNanos();
        long timeout = config.tokenTimeout().toNanos();
        return wait + leaseWaitNanos(config) + timeout;
    }

    private static long leaseWaitNanos(CarrierConfig config) {
        return config.tokenWait().toNanos() + config.tokenTimeout().toNanos() + STORE_POLL_NANOS;
    }

    Outcome run(boolean background) {
        Outcome.Refused tripped = broker.caller().blocked();
        if (tripped != null) {
            return tripped; // no use waiting for the floor
        }
        TimeSource time = broker.time();
        long start = time.nanoTime();
        long budget = broker.config().tokenWait().toNanos();
        Token before = slot.current();
        TokenStore store = broker.store();
        if (store.available()) {
            // Another instance's token costs no call, so it is looked for ahead of this instance's floor.
            try {
                Token shared = fromStore(store, before, background);
                if (shared != null) {
                    return new Outcome.Issued(shared);
                }
            } catch (TokenStore.Unavailable e) {
                // Renewed alone below.
            }
        }
        long floor = backoff.nanosUntilAllowed(start);
        if (floor > budget) {
            return backoff.failures() > 0
                    ? new Outcome.Refused(RefusalReason.BACKING_OFF,
                            "renewal suppressed: backing off after failed renewals of " + broker.config().id(), floor)
                    : new Outcome.Refused(RefusalReason.RATE_LIMIT,
                            "renewal suppressed: min-interval of " + broker.config().id(), floor);
        }
        if (floor > 0) {
            try {
                time.sleep(floor);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return new Outcome.Refused(RefusalReason.OTHER, "interrupted while waiting for a renewal", 0);
            }
        }
        long deadline = start + budget;
        if (store.available()) {
            try {
                return withLease(store, before, background, deadline, time.nanoTime() + leaseWaitNanos(broker.config()));
            } catch (TokenStore.Unavailable e) {
                // Renewed alone below; the limiter has fallen back to this instance's share as well.
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return new Outcome.Refused(RefusalReason.OTHER, "interrupted while waiting for a renewal", 0);
            }
        }
        return call(Math.max(0, deadline - time.nanoTime()), null);
    }

    /**
     * The cluster's renewal: call while holding the lease, or wait for the holder's token until
     * {@code leaseDeadline}. Returns as soon as a token better than {@code before} is in the slot,
     * whoever put it there.
     *
     * @param deadline the end of this renewal's wait for a permit
     */
    private Outcome withLease(TokenStore store, Token before, boolean background, long deadline, long leaseDeadline)
            throws InterruptedException {
        for (;;) {
            TokenStore.Lease lease = store.lease(slot.storeKey());
            if (lease != null) {
                try (lease) {
                    // The holder before may have published between the read and the lease.
                    Token shared = fromStore(store, before, background);
                    return shared != null ? new Outcome.Issued(shared)
                            : call(Math.max(0, deadline - broker.time().nanoTime()), lease);
                }
            }
            long left = leaseDeadline - broker.time().nanoTime();
            if (left <= 0) {
                return new Outcome.Refused(RefusalReason.RENEWAL_WAIT,
                        "renewal of " + broker.config().id() + " in flight on another instance",
                        RETRY_AFTER_ELSEWHERE_NANOS);
            }
            store.awaitPublication(slot.storeKey(), Math.min(left, STORE_POLL_NANOS));
            Token shared = fromStore(store, before, background);
            if (shared != null) {
                return new Outcome.Issued(shared);
            }
        }
    }

    /**
     * Adopts the store's token if it is better than the slot's, then returns the slot's token if it
     * now serves where {@code before} did not (usable, or FRESH for a refresh ahead of expiry); the
     * store's listener may have installed it already.
     */
    private Token fromStore(TokenStore store, Token before, boolean background) {
        long readAt = broker.time().nanoTime();
        SharedToken stored = store.read(slot.storeKey());
        if (stored != null) {
            slot.adopt(stored, readAt, background);
        }
        Token latest = slot.current();
        long now = broker.time().nanoTime();
        return latest != null && latest != before && (background ? latest.isFresh(now) : latest.isUsable(now))
                ? latest : null;
    }

    /** The real call; its token goes to the cluster through {@code lease} when there is one. */
    private Outcome call(long left, TokenStore.Lease lease) {
        TokenCaller.Result result = broker.caller().call(slot.request(), left);
        if (result instanceof TokenCaller.NotSent notSent) {
            return notSent.refusal();
        }
        if (result instanceof TokenCaller.Unreachable unreachable) {
            backoff.onCall(unreachable.sentNanos());
            backoff.onFailure();
            String what = "token endpoint of " + broker.config().id() + " unreachable ("
                    + unreachable.error().getClass().getSimpleName() + ")";
            failed(what);
            return new Outcome.Refused(RefusalReason.TOKEN_ENDPOINT_FAILED, "renewal failed: " + what,
                    backoff.delayNanos());
        }
        TokenCaller.Answered answered = (TokenCaller.Answered) result;
        backoff.onCall(answered.sentNanos());
        int status = answered.response().status();
        if (status >= 200 && status < 300) {
            TokenResponse response = TokenResponse.parse(answered.response().body());
            if (response != null) {
                return adopt(response, answered.sentNanos(), lease);
            }
            backoff.onFailure();
            failed("the token endpoint answered " + status + " without a usable token");
        } else {
            backoff.onFailure();
            failed("the token endpoint answered " + status);
        }
        return new Outcome.CarrierAnswer(answered.response());
    }

    private Outcome adopt(TokenResponse response, long sentNanos, TokenStore.Lease lease) {
        Token previous = slot.current();
        long now = broker.time().nanoTime();
        boolean sameToken = previous != null && previous.value().equals(response.accessToken());
        if (sameToken && !previous.isInvalidated()) {
            // The carrier hands out the token it already gave (a server-side cache): nothing new to
            // learn, and renewing again at once would bring the same.
            backoff.onFailure();
            failed("the token endpoint answered the current token again");
            return previous.isUsable(now) ? new Outcome.Issued(previous)
                    : new Outcome.Refused(RefusalReason.TOKEN_ENDPOINT_FAILED,
                            "renewal of " + broker.config().id() + " brought back the expired token",
                            backoff.delayNanos());
        }
        long generation = previous == null ? 1 : previous.generation() + 1;
        Token next = Token.issue(slot, response, generation, sentNanos, broker.config().refreshAhead().toNanos());
        boolean advancing = previous == null || !sameToken && next.expiresNanos() - previous.expiresNanos() > 0;
        if (!advancing) {
            backoff.onFailure();
            failed("the new token expires no later than the one it replaces");
        } else {
            // A new token is a success even if someone revokes it a moment later: see Backoff.
            backoff.onSuccess();
        }
        broker.issued(slot, next);
        slot.publish(next);
        broker.events().renewed(slot.credential().fingerprint(), next.fingerprint(), generation,
                response.expiresInSeconds(), Math.max(0, TimeUnit.NANOSECONDS.toSeconds(next.staleNanos() - now)));
        if (lease != null) {
            next = share(next, lease);
        }
        if (!next.isUsable(now)) {
            return new Outcome.Refused(RefusalReason.TOKEN_ENDPOINT_FAILED,
                    "token endpoint of " + broker.config().id() + " issued a token that expired in transit",
                    backoff.delayNanos());
        }
        return new Outcome.Issued(next);
    }

    /**
     * Publishes this instance's new token to the cluster. Should a later lease have fenced this one
     * out (this instance stalled past its lease), the cluster's token wins where it is newer; should
     * the store be gone, the token stays this instance's until the store is back and takes it.
     */
    private Token share(Token next, TokenStore.Lease lease) {
        TokenStore store = broker.store();
        try {
            long now = broker.time().nanoTime();
            if (lease.publish(SharedToken.of(next, now))) {
                return next;
            }
            broker.events().fencedOut(slot.credential().fingerprint(), next.fingerprint());
            long readAt = broker.time().nanoTime();
            SharedToken stored = store.read(slot.storeKey());
            Token theirs = stored == null ? null : slot.adopt(stored, readAt, false);
            return theirs != null ? theirs : next;
        } catch (TokenStore.Unavailable e) {
            return next;
        }
    }

    private void failed(String what) {
        broker.events().renewalFailed(slot.credential().fingerprint(), what, TimeUnit.NANOSECONDS.toMillis(backoff.delayNanos()));
    }
}
