package dev.tokenguard.core.broker;

import dev.tokenguard.core.time.TimeSource;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The tokens a broker issued, by value, each kept until a while after its own expiry, so that a
 * bearer an application still holds is recognised. Bounded: when full, the token issued first goes.
 *
 * <p>A map under one lock rather than a caching library: it is read only for a bearer that is not
 * the current token (an upgrade), written once per token call, and a library's start-up (Caffeine's
 * reaches {@code java.util.logging} in its static initialiser) would land on the first carrier call.
 */
final class KnownTokens {
    private final int capacity;
    private final long keptAfterExpiryNanos;
    private final TimeSource time;
    /** In the order the tokens were issued: the eldest entry is the first to go when full. */
    private final LinkedHashMap<String, Token> byValue = new LinkedHashMap<>();

    KnownTokens(int capacity, long keptAfterExpiryNanos, TimeSource time) {
        this.capacity = capacity;
        this.keptAfterExpiryNanos = keptAfterExpiryNanos;
        this.time = time;
    }

    /** The token with this value, or null if it was never issued here or is forgotten. */
    synchronized Token find(String value) {
        Token token = byValue.get(value);
        if (token != null && forgotten(token, time.nanoTime())) {
            byValue.remove(value);
            return null;
        }
        return token;
    }

    synchronized void add(Token token) {
        // Removed first, so that a value issued again counts as issued now.
        byValue.remove(token.value());
        byValue.put(token.value(), token);
        if (byValue.size() > capacity) {
            Iterator<Token> eldest = byValue.values().iterator();
            eldest.next();
            eldest.remove();
        }
    }

    /** Drops every token kept past its time; the broker's periodic sweep calls it. */
    synchronized void removeForgotten() {
        long now = time.nanoTime();
        for (Iterator<Map.Entry<String, Token>> each = byValue.entrySet().iterator(); each.hasNext();) {
            if (forgotten(each.next().getValue(), now)) {
                each.remove();
            }
        }
    }

    synchronized int size() {
        return byValue.size();
    }

    private boolean forgotten(Token token, long now) {
        // Lifetimes are clamped to a year (TokenResponse), so this sum cannot overflow.
        return now - (token.expiresNanos() + keptAfterExpiryNanos) >= 0;
    }
}
