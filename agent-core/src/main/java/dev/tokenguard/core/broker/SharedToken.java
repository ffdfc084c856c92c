package dev.tokenguard.core.broker;

import java.util.concurrent.TimeUnit;

/**
 * A token as the instances of a cluster share it: the carrier's answer as it came, and how long from
 * now it stays fresh and usable. Times are relative, never one host's clock: the store counts them
 * on its own clock, so instances whose clocks disagree still agree on when a token goes stale.
 *
 * @param body         the token endpoint's JSON answer; holds the token, so never logged
 * @param freshMillis  until it goes STALE (and one instance renews it)
 * @param usableMillis until it expires
 */
public record SharedToken(byte[] body, long freshMillis, long usableMillis) {

    /** {@code token} as this instance holds it at {@code now}. */
    static SharedToken of(Token token, long now) {
        return new SharedToken(token.originalAnswer(), TimeUnit.NANOSECONDS.toMillis(token.staleNanos() - now),
                TimeUnit.NANOSECONDS.toMillis(token.expiresNanos() - now));
    }

    @Override
    public String toString() {
        return "SharedToken[fresh " + freshMillis + " ms, usable " + usableMillis + " ms]";
    }
}
