package dev.tokenguard.core.guard;

import dev.tokenguard.core.broker.CredentialParser;
import dev.tokenguard.core.broker.CredentialSlot;
import dev.tokenguard.core.broker.Outcome;
import dev.tokenguard.core.broker.Token;
import dev.tokenguard.core.broker.TokenRequest;
import dev.tokenguard.core.events.RefusalReason;
import dev.tokenguard.core.http.Decision;
import dev.tokenguard.core.http.HttpHeaders;
import dev.tokenguard.core.http.OutboundRequest;
import java.util.Locale;
import java.util.Set;

/**
 * Answers the application's own token requests. Every one is answered without the application's
 * request leaving: from the cache (a suppressed renewal), by joining the renewal in flight, with the
 * token of the broker's own real call, with the carrier's own error answer, or with a refusal.
 *
 * <p>A request without a credential tokenguard can repeat (no client id anywhere, a single-use grant:
 * see {@link CredentialParser}), or whose credential finds the carrier's slots full, is made as it is,
 * through the limiter and kill-switch, and its answer passed on uncached: refusing it would break an
 * unusual but working application, and caching it could hand its token to someone else. A request whose body the
 * adapter could not read at all is refused: it cannot be made as it is.
 */
final class TokenEndpoint {
    /** Not repeated on an uncached call: the transport manages the connection and the encoding. */
    private static final Set<String> NOT_REPEATED = Set.of(
            "accept-encoding", "connection", "content-length", "expect", "host", "keep-alive", "te",
            "transfer-encoding", "upgrade");

    private static final long UNREADABLE_RETRY_AFTER_NANOS = java.util.concurrent.TimeUnit.SECONDS.toNanos(1);

    private final CarrierRuntime carrier;

    TokenEndpoint(CarrierRuntime carrier) {
        this.carrier = carrier;
    }

    /** @param mayBlock false for a caller that must not block: where this would wait, a {@link Decision.Later} */
    Decision answer(OutboundRequest request, boolean mayBlock) {
        byte[] body = request.body();
        if (body == null) {
            // The adapter could not read the body (a stream that cannot be read twice): without it
            // the credential is unknown and a renewal could not be repeated, so nothing is sent.
            return carrier.refusal(RefusalReason.UNREADABLE_BODY,
                    "tokenguard could not read the body of this token request; it was not sent",
                    UNREADABLE_RETRY_AFTER_NANOS);
        }
        CredentialParser.Parsed parsed = CredentialParser.parse(request.uri(), request.headers(), body);
        CredentialSlot slot = parsed == null ? null : carrier.broker().slotFor(parsed);
        if (slot == null) {
            TokenRequest verbatim = verbatim(request, body);
            return mayBlock ? answer(carrier.broker().callUncached(verbatim))
                    : new Decision.Later(carrier.broker().callUncachedLater(verbatim).thenApply(this::answer));
        }
        long now = carrier.time().nanoTime();
        Token token = slot.current();
        if (token == null || !token.isUsable(now)) {
            return mayBlock ? answer(slot.obtain(token)) : new Decision.Later(slot.obtainLater(token).thenApply(this::answer));
        }
        if (!token.isFresh(now)) {
            slot.refreshAhead(token);
            Token latest = slot.current();
            token = latest != null && latest.isUsable(now) ? latest : token;
        }
        carrier.events().suppressed(slot.credential().fingerprint(), token.fingerprint(), token.secondsLeft(now));
        return new Decision.Answer(Responses.token(token, now));
    }

    private Decision answer(Outcome outcome) {
        if (outcome instanceof Outcome.Issued issued) {
            return new Decision.Answer(Responses.token(issued.token(), carrier.time().nanoTime()));
        }
        if (outcome instanceof Outcome.CarrierAnswer answer) {
            return new Decision.Answer(Responses.carrier(answer.response()));
        }
        Outcome.Refused refused = (Outcome.Refused) outcome;
        return carrier.refusal(refused.kind(), refused.reason(), refused.retryAfterNanos());
    }

    private static TokenRequest verbatim(OutboundRequest request, byte[] body) {
        HttpHeaders.Builder headers = HttpHeaders.builder();
        request.headers().toMap().forEach((name, values) -> {
            if (!NOT_REPEATED.contains(name.toLowerCase(Locale.ROOT))) {
                values.forEach(value -> headers.add(name, value));
            }
        });
        return new TokenRequest(request.uri(), headers.build(), body.clone());
    }
}
