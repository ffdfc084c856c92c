package dev.tokenguard.core.broker;

import java.util.concurrent.TimeUnit;

/**
 * One token the broker holds, immutable. Times are {@link dev.tokenguard.core.time.TimeSource}
 * nanoseconds, compared only by the sign of a difference.
 *
 * <p>A token is FRESH before {@code staleNanos}, STALE (served while one renewal runs) until
 * {@code expiresNanos}, then EXPIRED (never served). Its lifetime counts from when the call that
 * fetched it was sent, not when the answer came: the carrier may have issued it at any moment in
 * between, and the broker errs towards renewing early. The refresh-ahead window is the configured
 * one, but never more than a tenth of the lifetime.
 *
 * <p>A token adopted from the cluster's store ({@link #adopted}) keeps the times the store gives it,
 * counted from just before this instance asked, so every instance finds it stale at the same
 * moment, give or take a round trip to the store.
 *
 * <p>Lifetimes are at most {@link TokenResponse#MAX_EXPIRES_IN_SECONDS}, so a time plus a lifetime
 * never wraps further than a year from now and differences keep their sign.
 *
 * <p>A 401 for the current token replaces it in its slot by an {@link #invalidated()} copy with the
 * same generation, which is never served.
 */
public final class Token {
    private static final long MAX_LIFETIME_MILLIS = TimeUnit.SECONDS.toMillis(TokenResponse.MAX_EXPIRES_IN_SECONDS);

    private final CredentialSlot slot;
    private final TokenResponse response;
    private final String value;
    private final String authorization;
    private final String fingerprint;
    private final long generation;
    private final long staleNanos;
    private final long expiresNanos;
    private final boolean invalidated;

    private Token(CredentialSlot slot, TokenResponse response, long generation, long staleNanos, long expiresNanos,
            boolean invalidated, String fingerprint) {
        this.slot = slot;
        this.response = response;
        this.value = response.accessToken();
        this.authorization = "Bearer " + value;
        this.fingerprint = fingerprint;
        this.generation = generation;
        this.staleNanos = staleNanos;
        this.expiresNanos = expiresNanos;
        this.invalidated = invalidated;
    }

    static Token issue(CredentialSlot slot, TokenResponse response, long generation, long sentNanos,
            long refreshAheadNanos) {
        long lifetime = TimeUnit.SECONDS.toNanos(response.expiresInSeconds());
        long expires = sentNanos + lifetime;
        long stale = expires - Math.min(refreshAheadNanos, lifetime / 10);
        return new Token(slot, response, generation, stale, expires, false, Fingerprints.of(response.accessToken()));
    }

    /**
     * A token another instance of the cluster got: fresh for {@code freshMillis} and usable for
     * {@code usableMillis} from {@code readNanos}, when this instance began to read it.
     */
    static Token adopted(CredentialSlot slot, TokenResponse response, long generation, long readNanos,
            SharedToken shared) {
        // The store's times are clamped like a carrier's expires_in: a year at most.
        long usable = Math.min(shared.usableMillis(), MAX_LIFETIME_MILLIS);
        long expires = readNanos + TimeUnit.MILLISECONDS.toNanos(usable);
        long stale = readNanos + TimeUnit.MILLISECONDS.toNanos(Math.min(shared.freshMillis(), usable));
        return new Token(slot, response, generation, stale, expires, false, Fingerprints.of(response.accessToken()));
    }

    /** The carrier's answer as it came (its own {@code expires_in}), for the cluster's store. */
    byte[] originalAnswer() {
        return response.render(response.expiresInSeconds());
    }

    /** This token, known to be refused by the carrier. */
    Token invalidated() {
        return new Token(slot, response, generation, staleNanos, expiresNanos, true, fingerprint);
    }

    public CredentialSlot slot() {
        return slot;
    }

    public String value() {
        return value;
    }

    /** {@code Bearer <token>}, built once: the hot path compares a request's header with it. */
    public String authorization() {
        return authorization;
    }

    public String fingerprint() {
        return fingerprint;
    }

    public long generation() {
        return generation;
    }

    public long staleNanos() {
        return staleNanos;
    }

    public long expiresNanos() {
        return expiresNanos;
    }

    public boolean isInvalidated() {
        return invalidated;
    }

    public boolean isFresh(long now) {
        return !invalidated && now - staleNanos < 0;
    }

    /** FRESH or STALE: may be served. */
    public boolean isUsable(long now) {
        return !invalidated && now - expiresNanos < 0;
    }

    /** Whole seconds left, rounded down, never negative. */
    public long secondsLeft(long now) {
        return Math.max(0, TimeUnit.NANOSECONDS.toSeconds(expiresNanos - now));
    }

    /** The carrier's answer with the time actually left: what a suppressed renewal returns. */
    public byte[] render(long now) {
        return response.render(secondsLeft(now));
    }

    @Override
    public String toString() {
        return "Token[" + fingerprint + ", generation " + generation + (invalidated ? ", invalidated" : "") + "]";
    }
}
