package dev.tokenguard.core.policy;

/**
 * Why a policy, a block or a carrier's pause refused a call: what the guard answers it with.
 *
 * @param source          {@code policy <name>}, {@code block <id>} or {@code carrier 429}, the start of
 *                        the {@code X-Tokenguard} field
 * @param reason          for people: the log, the field and the body's message
 * @param retryAfterNanos when the call could go again, as far as the engine knows
 * @param rateLimit       the request limit that decided, for the {@code RateLimit} fields; null where
 *                        no request limit decided
 */
public record PolicyRefusal(Kind kind, String source, String reason, long retryAfterNanos, RateLimit rateLimit)
        implements Verdict {

    public enum Kind {
        /** Over a limit after max-wait: 429. */
        LIMIT,
        /** A blocking policy or a run-time block: 403. */
        BLOCK,
        /** The carrier answered 429 in this scope lately and asked to wait: 429. */
        PAUSE,
        /** The calling thread was interrupted while it waited for room: 429. */
        INTERRUPTED
    }

    /** The HTTP status the application gets. */
    public int status() {
        return kind == Kind.BLOCK ? 403 : 429;
    }

    /** The {@code X-Tokenguard} field: {@code policy fedex-api: over 1400/10s ...}. */
    public String field() {
        return source + ": " + reason;
    }

    /**
     * A request limit as the IETF draft's fields say it: {@code RateLimit-Policy: "<name>";q=<quota>;w=<window s>}
     * and {@code RateLimit: "<name>";r=<remaining>;t=<reset s>}.
     */
    public record RateLimit(String name, long quota, long windowSeconds, long remaining, long resetSeconds) {}
}
