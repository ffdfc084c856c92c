package dev.tokenguard.core.broker;

import dev.tokenguard.core.config.CarrierConfig;
import dev.tokenguard.core.events.EventLog;
import dev.tokenguard.core.events.RefusalReason;
import dev.tokenguard.core.time.TimeSource;
import java.util.Collection;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The tokens of one carrier: a {@link CredentialSlot} per credential, and an index from token values
 * to the tokens issued, so that a bearer an application presents is recognised (current, superseded
 * or dropped after a 401) and its credential known.
 *
 * <p>In cluster mode it listens to the {@link TokenStore}: a token another instance published goes
 * into its slot at once, so requests keep meeting a current token without asking the store; and
 * when the store is back after an outage, each slot takes the cluster's token if newer, or offers
 * its own.
 */
public final class TokenBroker {
    /** Bounds the index: a multi-tenant application holds a few tokens per tenant at most. */
    static final int MAX_KNOWN_TOKENS = 10_000;
    /** A token stays known this long after it expires, to upgrade applications that hold it still. */
    static final long KNOWN_AFTER_EXPIRY_NANOS = TimeUnit.MINUTES.toNanos(10);
    /**
     * Bounds the credential slots of one carrier, the configured one included. A request whose
     * credential would need a slot beyond it is made verbatim and uncached (see {@link #slotFor}).
     */
    public static final int MAX_CREDENTIALS = 1_000;
    /**
     * A slot the application has not asked for in this long, whose token (if any) expired this long
     * ago and which no renewal is using, is evicted with the request it keeps for renewals. The same
     * span as {@link #KNOWN_AFTER_EXPIRY_NANOS}: by then the index has forgotten its token too.
     */
    static final long IDLE_NANOS = KNOWN_AFTER_EXPIRY_NANOS;
    /** How often {@link #slotFor} looks for idle slots while there is room. */
    private static final long SWEEP_INTERVAL_NANOS = TimeUnit.MINUTES.toNanos(1);
    private static final Object SEVERAL = new Object();

    /** Replaced by a reload that changes a setting in force at run time ({@link #reconfigure}). */
    private volatile CarrierConfig config;
    private final TokenCaller caller;
    private final EventLog events;
    private final TimeSource time;
    private final Executor executor;
    private final TokenStore store;
    private final ConcurrentHashMap<Credential, CredentialSlot> slots = new ConcurrentHashMap<>();
    /** Slots held or reserved: a reservation precedes every insertion, so the bound is never passed. */
    private final AtomicInteger slotCount = new AtomicInteger();
    private final AtomicLong nextSweep;
    private final KnownTokens known;
    private final CredentialSlot configured;
    /** Null until a credential gets a token, then that credential's slot, then {@link #SEVERAL}. */
    private final AtomicReference<Object> issuedTo = new AtomicReference<>();
    private volatile CredentialSlot lastIssued;

    public TokenBroker(CarrierConfig config, TokenCaller caller, EventLog events, TimeSource time, Executor executor,
            TokenStore store) {
        this.config = config;
        this.caller = caller;
        this.events = events;
        this.time = time;
        this.executor = executor;
        this.store = store;
        this.known = new KnownTokens(MAX_KNOWN_TOKENS, KNOWN_AFTER_EXPIRY_NANOS, time);
        this.nextSweep = new AtomicLong(time.nanoTime() + SWEEP_INTERVAL_NANOS);
        if (config.hasCredentials()) {
            CredentialParser.Parsed parsed = ConfiguredCredentials.of(config);
            this.configured = new CredentialSlot(this, parsed.credential(), parsed.request(), true);
            slots.put(parsed.credential(), configured);
            slotCount.incrementAndGet();
        } else {
            this.configured = null;
        }
        // Last: the listener runs on the store's thread and may see this broker from now on.
        store.listen(new StoreListener());
    }

    /**
     * The slot of a token request's credential, learning its request for renewals; null when the
     * carrier holds {@link #MAX_CREDENTIALS} slots in use already, and the request is to be made
     * verbatim and uncached.
     */
    public CredentialSlot slotFor(CredentialParser.Parsed parsed) {
        long now = time.nanoTime();
        long due = nextSweep.get();
        if (now - due >= 0 && nextSweep.compareAndSet(due, now + SWEEP_INTERVAL_NANOS)) {
            evictIdle(now);
            known.removeForgotten();
        }
        CredentialSlot slot = slots.get(parsed.credential());
        if (slot == null) {
            slot = newSlot(parsed);
            if (slot == null) {
                return null;
            }
        }
        slot.learn(parsed.request());
        return slot;
    }

    private CredentialSlot newSlot(CredentialParser.Parsed parsed) {
        if (!reserveSlot()) {
            evictIdle(time.nanoTime());
            if (!reserveSlot()) {
                events.credentialsFull(MAX_CREDENTIALS);
                return null;
            }
        }
        CredentialSlot created = new CredentialSlot(this, parsed.credential(), parsed.request(), false);
        CredentialSlot raced = slots.putIfAbsent(parsed.credential(), created);
        if (raced != null) {
            slotCount.decrementAndGet();
            return raced;
        }
        return created;
    }

    private boolean reserveSlot() {
        for (;;) {
            int held = slotCount.get();
            if (held >= MAX_CREDENTIALS) {
                return false;
            }
            if (slotCount.compareAndSet(held, held + 1)) {
                return true;
            }
        }
    }

    /**
     * Drops the slots nobody uses (see {@link #IDLE_NANOS}), and with them the token requests they keep,
     * secrets and all. The configured credential's slot stays. A caller that fetched a slot just before
     * it went keeps using it detached: its renewal still works, and the credential's next token request
     * makes a new slot, which costs at most one more token call.
     */
    private void evictIdle(long now) {
        int evicted = 0;
        for (CredentialSlot slot : slots.values()) {
            if (slot != configured && slot.idle(now, IDLE_NANOS) && slots.remove(slot.credential(), slot)) {
                slotCount.decrementAndGet();
                issuedTo.compareAndSet(slot, null);
                if (lastIssued == slot) {
                    lastIssued = null;
                }
                evicted++;
            }
        }
        if (evicted > 0) {
            events.credentialsEvicted(evicted, slots.size());
        }
    }

    /** The token with this value, if the broker issued it and still knows it. */
    public Token find(String value) {
        return known.find(value);
    }

    /**
     * Whose token goes on requests that carry none: the configured credential, else the one
     * credential the application has used, else nobody (several tenants: never guess).
     */
    public CredentialSlot attachSlot() {
        return configured != null ? configured : issuedTo.get() instanceof CredentialSlot only ? only : null;
    }

    /** The slot that got the latest token: the one the hot path compares a bearer against first. */
    public CredentialSlot lastIssued() {
        return lastIssued;
    }

    public Collection<CredentialSlot> slots() {
        return slots.values();
    }

    /**
     * Observe mode: whether the token-call limiter has a permit for a call enforce would make now;
     * takes it if so (see {@link TokenCaller#permitNow}).
     */
    public boolean permitNow() {
        return caller.permitNow();
    }

    /**
     * A token request whose credential could not be read: made as it is, through the limiter and
     * kill-switch like every other, and answered with the carrier's answer, never cached.
     */
    public Outcome callUncached(TokenRequest request) {
        TokenCaller.Result result = caller.call(request, config.tokenWait().toNanos());
        if (result instanceof TokenCaller.NotSent notSent) {
            return notSent.refusal();
        }
        if (result instanceof TokenCaller.Unreachable unreachable) {
            return new Outcome.Refused(RefusalReason.TOKEN_ENDPOINT_FAILED,
                    "token call failed: token endpoint of " + config.id() + " unreachable ("
                    + unreachable.error().getClass().getSimpleName() + ")", 0);
        }
        return new Outcome.CarrierAnswer(((TokenCaller.Answered) result).response());
    }

    /** {@link #callUncached} on the renewal executor, for a caller that must not block. */
    public CompletableFuture<Outcome> callUncachedLater(TokenRequest request) {
        try {
            return CompletableFuture.supplyAsync(() -> callUncached(request), executor);
        } catch (RejectedExecutionException e) {
            return CompletableFuture.completedFuture(
                    new Outcome.Refused(RefusalReason.OTHER, "renewal executor of " + config.id() + " is busy", 0));
        }
    }

    void issued(CredentialSlot slot, Token token) {
        known.add(token);
        lastIssued = slot;
        for (;;) {
            Object was = issuedTo.get();
            if (was == slot || was == SEVERAL || issuedTo.compareAndSet(was, was == null ? slot : SEVERAL)) {
                return;
            }
        }
    }

    CarrierConfig config() {
        return config;
    }

    /**
     * Puts a reloaded carrier's settings in force: {@code token-wait}, {@code refresh-ahead} (for
     * tokens issued from now on), {@code token-timeout} and {@code min-interval}. The credentials and
     * hosts are the same, which the caller makes sure of.
     */
    public void reconfigure(CarrierConfig next) {
        config = next;
        caller.timeout(next.tokenTimeout());
    }

    TokenCaller caller() {
        return caller;
    }

    EventLog events() {
        return events;
    }

    TimeSource time() {
        return time;
    }

    Executor executor() {
        return executor;
    }

    TokenStore store() {
        return store;
    }

    /** What the store tells this carrier's slots. Never throws at the store. */
    private final class StoreListener implements TokenStore.Listener {
        private final String prefix = config.id() + ":";

        @Override
        public void published(String key) {
            if (!key.startsWith(prefix)) {
                return;
            }
            for (CredentialSlot slot : slots.values()) {
                if (slot.storeKey().name().equals(key)) {
                    guarded("a token another instance published", () -> {
                        long readAt = time.nanoTime();
                        SharedToken stored = store.read(slot.storeKey());
                        if (stored != null) {
                            slot.adopt(stored, readAt, false);
                        }
                    });
                }
            }
        }

        /** Publications may have been missed: take the cluster's token where newer, else offer ours. */
        @Override
        public void reconnected() {
            for (CredentialSlot slot : slots.values()) {
                guarded("a resync with the store", () -> {
                    long readAt = time.nanoTime();
                    SharedToken stored = store.read(slot.storeKey());
                    if (stored != null) {
                        slot.adopt(stored, readAt, false);
                    }
                    Token mine = slot.current();
                    long now = time.nanoTime();
                    if (mine != null && mine.isUsable(now)) {
                        store.offer(slot.storeKey(), SharedToken.of(mine, now));
                    }
                });
            }
        }

        private void guarded(String what, Runnable action) {
            try {
                action.run();
            } catch (TokenStore.Unavailable gone) {
                // The store went away again; its return brings another resync.
            } catch (RuntimeException e) {
                events.internalError(what, e);
            }
        }
       }
}
