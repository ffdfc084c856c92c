package dev.tokenguard.core.broker;

import dev.tokenguard.core.config.Durations;
import dev.tokenguard.core.events.RefusalReason;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The token of one credential and the one renewal that may be in flight for it.
 *
 * <p>Single flight: a renewal is a {@link Flight} installed by CAS into {@link #flight}. The caller
 * whose CAS wins leads: it makes the real call (on its own thread, or on the broker's executor, see
 * below) and completes the flight's future; every other caller waits on that
 * future for as long as the renewal itself may take ({@link TokenRenewal#longestNanos}): the one call
 * is the carrier's answer for all of them, and a refusal because it is slow would protect nobody. No
 * monitor is held while waiting or calling, so virtual threads never pin.
 *
 * <p>Memory ordering: the leader publishes the new token ({@link #current}, volatile) before it
 * clears {@link #flight}. A caller that read an old token and then finds no flight may win a CAS for
 * a flight of its own; its CAS read the leader's clearing write, which the token write precedes, so
 * the leader re-reading {@link #current} right after winning sees any token published meanwhile and
 * returns it without a call. That re-check is what keeps a storm at one call per renewal.
 *
 * <p>A flight handed to the executor (a refresh ahead of expiry, or a renewal for a caller that must
 * not block, {@link #obtainLater}) is not claimed until a thread runs it; {@link Flight#claim} is a
 * CAS, so exactly one of the renewal thread and an impatient blocking caller runs it, and the other
 * joins (or returns). Callers that must not block never claim: they take the flight's future.
 *
 * <p>In cluster mode a token another instance published is installed by {@link #adopt}, from the
 * flight leader or from the store's listener thread, by CAS from the token it was judged against:
 * it never replaces a newer token, and a 401's CAS from the old one fails. The leader publishes the
 * token of its own call by a plain write: it holds the store's lease then ({@link TokenStore}; a JVM
 * alone has only its flight, and no listener), so no other instance publishes; the one race left, a
 * resync after the store came back landing just before a leader that renewed without the store,
 * costs one extra publication or 401, not a token.
 */
public final class CredentialSlot {
    private static final VarHandle CURRENT;
    private static final long RETRY_AFTER_IN_FLIGHT_NANOS = TimeUnit.SECONDS.toNanos(1);

    static {
        try {
            CURRENT = MethodHandles.lookup().findVarHandle(CredentialSlot.class, "current", Token.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private final TokenBroker broker;
    private final Credential credential;
    private final boolean configured;
    private final Backoff backoff;
    private final Revocations revocations = new Revocations();
    private final AtomicReference<Flight> flight = new AtomicReference<>();
    private final TokenRenewal renewal;
    private final StoreKey storeKey;
    private volatile TokenRequest request;
    /** When the application last asked for this credential's token: how the broker tells an idle slot. */
    private volatile long learnedNanos;
    /**
     * Written by flight leaders (one at a time), and through {@link #CURRENT} by {@link #invalidate}
     * and {@link #adopt}.
     */
    private volatile Token current;

    CredentialSlot(TokenBroker broker, Credential credential, TokenRequest request, boolean configured) {
        this.broker = broker;
        this.credential = credential;
        this.storeKey = StoreKey.of(broker.config().id(), credential);
        this.request = request;
        this.learnedNanos = broker.time().nanoTime();
        this.configured = configured;
        // The broker's settings as they are at each call: a reload may change min-interval.
        this.backoff = new Backoff(() -> broker.config().minInterval());
        this.renewal = new TokenRenewal(this, broker, backoff);
    }

    public Credential credential() {
        return credential;
    }

    /** How the cluster's store names this credential (the carrier and the credential's digest) and seals its values. */
    public StoreKey storeKey() {
        return storeKey;
    }

    /** The latest token (perhaps expired or invalidated), or null before the first. */
    public Token current() {
        return current;
    }

    TokenRequest request() {
        return request;
    }

    /** The application's latest token request for this credential, made again for renewals. */
    void learn(TokenRequest latest) {
        learnedNanos = broker.time().nanoTime();
        if (!configured) {
            request = latest;
        }
    }

    /**
     * Whether nothing here is in use: no renewal in flight, the application has not asked for this
     * credential's token for {@code idleNanos}, and the token (if any) expired at least that long ago.
     */
    boolean idle(long now, long idleNanos) {
        Token token = current;
        return flight.get() == null
                && now - learnedNanos >= idleNanos
                && (token == null || now - token.expiresNanos() >= idleNanos);
    }

    /** Called by the flight leader only; happens-before the flight is cleared (see class comment). */
    void publish(Token token) {
        current = token;
    }

    /**
     * Installs a token another instance published, if it is one to serve instead of the current:
     * usable (FRESH where {@code fresh}), another token, and expiring later unless the current one
     * is unusable or invalidated, so that a token read late never replaces a newer one.
     *
     * @param readNanos when this instance began to read it: its times count from there
     * @return the token installed, or null
     */
    Token adopt(SharedToken shared, long readNanos, boolean fresh) {
        TokenResponse response = TokenResponse.parse(shared.body());
        if (response == null) {
            return null;
        }
        for (;;) {
            Token previous = current;
            long now = broker.time().nanoTime();
            Token next = Token.adopted(this, response, previous == null ? 1 : previous.generation() + 1, readNanos, shared);
            if (!(fresh ? next.isFresh(now) : next.isUsable(now)) || !supersedes(next, previous, now)) {
                return null;
            }
            if (CURRENT.compareAndSet(this, previous, next)) {
                broker.issued(this, next);
                broker.events().adopted(credential.fingerprint(), next.fingerprint(), next.generation(),
                        next.secondsLeft(now), Math.max(0, TimeUnit.NANOSECONDS.toSeconds(next.staleNanos() - now)));
                return next;
            }
        }
    }

    private static boolean supersedes(Token next, Token previous, long now) {
        return previous == null || !previous.value().equals(next.value())
                && (!previous.isUsable(now) || next.expiresNanos() - previous.expiresNanos() > 0);
    }

    /**
     * A token that may be served now: the current one if usable, else the result of the renewal in
     * flight or of a new one. Waits for a renewal someone else leads until it ends.
     *
     * @param seen the token the caller found wanting (null if none), so that a renewal finished in
     *             the meantime is recognised
     */
    public Outcome obtain(Token seen) {
        for (;;) {
            Flight inFlight = flight.get();
            if (inFlight != null) {
                if (inFlight.claim()) {
                    // A refresh still queued behind a busy renewal thread: run it here, not wait for it.
                    return lead(inFlight, seen, false);
                }
                broker.events().coalesced(credential.fingerprint());
                return join(inFlight.result);
            }
            Flight mine = new Flight(true);
            if (flight.compareAndSet(null, mine)) {
                return lead(mine, seen, false);
            }
        }
    }

    /**
     * What {@link #obtain} would bring, for a caller that must not block: the outcome of the renewal
     * in flight, or of one started now on the broker's executor, never on the calling thread. The
     * future completes on the thread that ends the renewal, within {@link TokenRenewal#longestNanos}
     * of its start.
     */
    public CompletableFuture<Outcome> obtainLater(Token seen) {
        for (;;) {
            Flight inFlight = flight.get();
            if (inFlight != null) {
                broker.events().coalesced(credential.fingerprint());
                return inFlight.result;
            }
            Flight mine = new Flight(false);
            if (flight.compareAndSet(null, mine)) {
                inBackground(mine, seen, false);
                return mine.result;
            }
        }
    }

    /**
     * Starts a renewal in the background for a STALE token, unless one is in flight or the floor,
     * back-off or kill-switch forbid a call now (a later request tries again). The stale token keeps
     * being served meanwhile.
     */
    public void refreshAhead(Token seen) {
        if (flight.get() != null
                || backoff.nanosUntilAllowed(broker.time().nanoTime()) > 0
                || broker.caller().blocked() != null) {
            return;
        }
        Flight mine = new Flight(false);
        if (flight.compareAndSet(null, mine)) {
            inBackground(mine, seen, true);
        }
    }

    /** Hands the flight just installed to the broker's executor; a caller of {@link #obtain} may claim it first. */
    private void inBackground(Flight mine, Token seen, boolean fresh) {
        try {
            broker.executor().execute(() -> {
                if (mine.claim()) {
                    lead(mine, seen, fresh);
                }
            });
        } catch (RejectedExecutionException e) {
            if (mine.claim()) {
                flight.set(null);
                mine.result.complete(new Outcome.Refused(RefusalReason.OTHER,
                        "renewal executor of " + broker.config().id() + " is busy", 0));
            }
        }
    }

    /**
     * A 401 named {@code token}: drop it if it is still current. A 401 for an older generation, or
     * for a token already dropped, changes nothing.
     *
     * <p>It is no failure of this JVM's renewals, which brought a token, so it never feeds the
     * back-off: the next caller waits for a renewal at the floor and within the token-rate, as an
     * application without the agent would renew at once. A 401 for a FRESH token while no renewal of
     * ours is in flight (which would explain it: the carrier revokes a token as it issues its
     * successor) means someone else renews this credential; {@link Revocations} tells when to say so.
     *
     * @param byHand from JMX
     */
    public boolean invalidate(Token token, boolean byHand) {
        if (token.slot() != this || token.isInvalidated() || !CURRENT.compareAndSet(this, token, token.invalidated())) {
            return false;
        }
        broker.events().invalidated(credential.fingerprint(), token.fingerprint(), token.generation(), byHand);
        long now = broker.time().nanoTime();
        if (!byHand && flight.get() == null && token.isFresh(now)) {
            broker.events().revokedElsewhere(credential.fingerprint(), revocations.revoked(now),
                    TimeUnit.NANOSECONDS.toMinutes(Revocations.WINDOW_NANOS));
        }
        return true;
    }

    private Outcome join(CompletableFuture<Outcome> inFlight) {
        // A renewal ends within this bound on its own; the bound only guards against a transport
        // that ignores its timeout.
        long wait = TokenRenewal.longestNanos(broker.config());
        try {
            return broker.time().await(inFlight, wait);
        } catch (TimeoutException e) {
            return new Outcome.Refused(RefusalReason.RENEWAL_WAIT,
                    "renewal still in flight after " + Durations.format(Duration.ofNanos(wait)),
                    RETRY_AFTER_IN_FLIGHT_NANOS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Outcome.Refused(RefusalReason.OTHER, "interrupted while waiting for a renewal", 0);
        } catch (CompletionException e) {
            return internalError();
        }
    }

    private static Outcome.Refused internalError() {
        return new Outcome.Refused(RefusalReason.INTERNAL_ERROR, "renewal failed: internal error in tokenguard",
                RETRY_AFTER_IN_FLIGHT_NANOS);
    }

    private Outcome lead(Flight mine, Token seen, boolean background) {
        Outcome outcome = null;
        try {
            Token latest = current;
            long now = broker.time().nanoTime();
            // The re-check of the class comment: a renewal may have finished since the caller looked.
            if (latest != null && latest != seen && (background ? latest.isFresh(now) : latest.isUsable(now))) {
                outcome = new Outcome.Issued(latest);
            } else {
                outcome = renewal.run(background);
            }
            return outcome;
        } catch (RuntimeException e) {
            broker.events().internalError("a renewal", e);
            outcome = internalError();
            return outcome;
        } finally {
            // Clear first, then complete: a waiter that wakes and asks again finds no finished
            // flight to join, only the token (or a new flight).
            flight.set(null);
            mine.result.complete(outcome != null ? outcome : internalError());
        }
    }

    /**
     * One renewal: its result, and who runs it. A flight started by a caller is claimed from the
     * start; a refresh ahead of expiry is claimed by the renewal thread that picks it up, or by a
     * caller that needs the token before that happens.
     */
    private static final class Flight {
        final CompletableFuture<Outcome> result = new CompletableFuture<>();
        private final AtomicBoolean claimed;

        Flight(boolean claimed) {
            this.claimed = new AtomicBoolean(claimed);
        }

        boolean claim() {
            return claimed.compareAndSet(false, true);
        }
    }

    @Override
    public String toString() {
        return "CredentialSlot[" + credential.fingerprint() + ", " + current + "]";
    }
}
