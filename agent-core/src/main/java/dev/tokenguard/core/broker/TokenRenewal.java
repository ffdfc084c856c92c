package dev.tokenguard.core.broker;

import dev.tokenguard.core.time.TimeSource;
import java.util.concurrent.TimeUnit;

/**
 * What the leader of a credential's flight does: keep the floor and back-off, make the real call
 * through the {@link TokenCaller}, and learn the token from the answer. Runs for one flight at a
 * time per credential, which is what lets it write the back-off state and the current token
 * without further synchronisation.
 */
final class TokenRenewal {
    private final CredentialSlot slot;
    private final TokenBroker broker;
    private final Backoff backoff;

    TokenRenewal(CredentialSlot slot, TokenBroker broker, Backoff backoff) {
        this.slot = slot;
        this.broker = broker;
        this.backoff = backoff;
    }

    Outcome run(boolean background) {
        Outcome.Refused tripped = broker.caller().blocked();
        if (tripped != null) {
            return tripped; // no use waiting for the floor
        }
        TimeSource time = broker.time();
        long start = time.nanoTime();
        long budget = broker.config().tokenWait().toNanos();
        long floor = backoff.nanosUntilAllowed(start);
        if (floor > budget) {
            String why = backoff.failures() > 0 ? "backing off after failed renewals of " : "min-interval of ";
            return new Outcome.Refused("renewal suppressed: " + why + broker.config().id(), floor);
        }
        if (floor > 0) {
            try {
                time.sleep(floor);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return new Outcome.Refused("interrupted while waiting for a renewal", 0);
            }
        }
        long left = Math.max(0, budget - (time.nanoTime() - start));
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
            return new Outcome.Refused("renewal failed: " + what, backoff.delayNanos());
        }
        TokenCaller.Answered answered = (TokenCaller.Answered) result;
        backoff.onCall(answered.sentNanos());
        int status = answered.response().status();
        if (status >= 200 && status < 300) {
            TokenResponse response = TokenResponse.parse(answered.response().body());
            if (response != null) {
                return adopt(response, answered.sentNanos());
            }
            backoff.onFailure();
            failed("the token endpoint answered " + status + " without a usable token");
        } else {
            backoff.onFailure();
            failed("the token endpoint answered " + status);
        }
        return new Outcome.CarrierAnswer(answered.response());
    }

    private Outcome adopt(TokenResponse response, long sentNanos) {
        Token previous = slot.current();
        long now = broker.time().nanoTime();
        boolean sameToken = previous != null && previous.value().equals(response.accessToken());
        if (sameToken && !previous.isInvalidated()) {
            // The carrier hands out the token it already gave (a server-side cache): nothing new to
            // learn, and renewing again at once would bring the same.
            backoff.onFailure();
            failed("the token endpoint answered the current token again");
            return previous.isUsable(now) ? new Outcome.Issued(previous)
                    : new Outcome.Refused("renewal of " + broker.config().id() + " brought back the expired token",
                            backoff.delayNanos());
        }
        long generation = previous == null ? 1 : previous.generation() + 1;
        Token next = Token.issue(slot, response, generation, sentNanos, broker.config().refreshAhead().toNanos());
        boolean advancing = previous == null || !sameToken && next.expiresNanos() - previous.expiresNanos() > 0;
        if (!advancing) {
            backoff.onFailure();
            failed("the new token expires no later than the one it replaces");
        } else if (previous == null || !previous.isInvalidated()) {
            // After a 401 the failure streak stays: see Backoff.
            backoff.onSuccess();
        }
        broker.issued(slot, next);
        slot.publish(next);
        broker.events().renewed(slot.credential().fingerprint(), next.fingerprint(), generation,
                response.expiresInSeconds(), Math.max(0, TimeUnit.NANOSECONDS.toSeconds(next.staleNanos() - now)));
        if (!next.isUsable(now)) {
            return new Outcome.Refused("token endpoint of " + broker.config().id() + " issued a token that expired in transit",
                    backoff.delayNanos());
        }
        return new Outcome.Issued(next);
    }

    private void failed(String what) {
        broker.events().renewalFailed(slot.credential().fingerprint(), what, TimeUnit.NANOSECONDS.toMillis(backoff.delayNanos()));
    }
}
