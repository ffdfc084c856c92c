package dev.tokenguard.core.guard;

import dev.tokenguard.core.broker.Credential;
import dev.tokenguard.core.broker.CredentialSlot;
import dev.tokenguard.core.broker.Outcome;
import dev.tokenguard.core.broker.Token;
import dev.tokenguard.core.broker.TokenBroker;
import dev.tokenguard.core.config.Attach;
import dev.tokenguard.core.events.EventLog;
import dev.tokenguard.core.events.RefusalReason;
import dev.tokenguard.core.http.AfterResponse;
import dev.tokenguard.core.http.Decision;
import dev.tokenguard.core.http.HttpHeaders;
import dev.tokenguard.core.http.OutboundRequest;
import dev.tokenguard.core.http.RequestGuard;
import dev.tokenguard.core.killswitch.Admission;
import dev.tokenguard.core.killswitch.KillSwitch;
import dev.tokenguard.core.policy.CarrierPolicies;
import dev.tokenguard.core.policy.PolicyPass;
import dev.tokenguard.core.policy.PolicyRefusal;
import dev.tokenguard.core.policy.Verdict;
import dev.tokenguard.core.policy.Waiting;
import dev.tokenguard.core.time.TimeSource;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;

/**
 * Decides an API request of one carrier: which token it should carry (attach per {@code attach},
 * replace a superseded one by the current one), whether the kill-switch lets it go, whether the
 * throttling policies let it go now, later or not at all, and what a 401 (or a 429) for it means.
 * Token requests are not subject to the policies: the token-call limiter governs them
 * ({@link TokenEndpoint}).
 *
 * <p>The hot path, a request carrying the current FRESH token (or one to attach it to), allocates
 * nothing: the bearer is compared with {@link Token#authorization()} by {@code equals}, without
 * hashing, and the {@link Decision.Proceed} for the current token is built once and shared.
 */
final class ApiRequests {
    private static final long RETRY_AFTER_FAILED_RENEWAL_NANOS = TimeUnit.SECONDS.toNanos(1);

    private final CarrierRuntime carrier;
    private final TokenBroker broker;
    private final KillSwitch killSwitch;
    private final EventLog events;
    private final TimeSource time;
    private final CarrierPolicies policies;
    private final Decision.Proceed proceedUntracked;
    /** The decisions for the token served last; replaced (racily, harmlessly) when it changes. */
    private volatile Shared shared;

    private record Shared(ApiRequests owner, Token token, Decision.Proceed asIs, Decision.Proceed attached) {
        Shared(ApiRequests owner, Token token, PolicyPass pass, Admission admission) {
            this(owner, token,
                    new Decision.Proceed(HttpHeaders.EMPTY, new GuardExchange(owner.carrier, token, false, false, admission, pass)),
                    token == null ? null : new Decision.Proceed(bearer(token),
                            new GuardExchange(owner.carrier, token, true, false, admission, pass)));
        }
    }

    ApiRequests(CarrierRuntime carrier) {
        this.carrier = carrier;
        this.broker = carrier.broker();
        this.killSwitch = carrier.killSwitch();
        this.events = carrier.events();
        this.time = carrier.time();
        this.policies = carrier.policies();
        this.proceedUntracked = new Decision.Proceed(HttpHeaders.EMPTY,
                new GuardExchange(carrier, null, false, false, Admission.ADMITTED, null));
    }

    /** @param mayBlock false for a caller that must not block: where this would wait, a {@link Decision.Later} */
    Decision decide(OutboundRequest request, boolean mayBlock) {
        if (!carrier.bearersAllowed(request.uri())) {
            return send(request, null, false, mayBlock);
        }
        String authorization = request.headers().first("authorization");
        Token presented = authorization == null ? null : recognise(authorization);
        CredentialSlot target = null;
        Attach attach = carrier.config().attach(); // a reload may change it
        if (attach == Attach.ALWAYS || attach == Attach.MISSING && authorization == null) {
            target = broker.attachSlot();
        }
        if (target == null && presented != null) {
            target = presented.slot();
        }
        if (target == null) {
            return send(request, null, false, mayBlock);
        }
        long now = time.nanoTime();
        Token token = target.current();
        if (token == null || !token.isUsable(now)) {
            if (!mayBlock) {
                CredentialSlot slot = target;
                return new Decision.Later(target.obtainLater(token)
                        .thenCompose(outcome -> stage(renewed(request, outcome, presented, slot, false))));
            }
            return renewed(request, target.obtain(token), presented, target, true);
        }
        if (!token.isFresh(now)) {
            target.refreshAhead(token);
            token = newest(target, token, now);
        }
        return withToken(request, token, presented, target, mayBlock);
    }

    private static CompletionStage<Decision> stage(Decision decision) {
        return decision instanceof Decision.Later later ? later.decision() : CompletableFuture.completedFuture(decision);
    }

    private Decision renewed(OutboundRequest request, Outcome outcome, Token presented, CredentialSlot target,
                             boolean mayBlock) {
        return outcome instanceof Outcome.Issued issued ? withToken(request, issued.token(), presented, target, mayBlock)
                : refusal(outcome);
    }

    private Decision withToken(OutboundRequest request, Token token, Token presented, CredentialSlot target,
                               boolean mayBlock) {
        boolean asIs = presented == token;
        if (!asIs && presented != null && presented.slot() == target) {
            events.upgraded(presented.fingerprint(), token.fingerprint());
        }
        return send(request, token, !asIs, mayBlock);
    }

    /** The broker's token this {@code Authorization} value carries, or null. */
    private Token recognise(String authorization) {
        CredentialSlot hot = broker.lastIssued();
        Token current = hot == null ? null : hot.current();
        if (current != null && authorization.equals(current.authorization())) {
            return current;
        }
        if (authorization.length() > 7 && authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return broker.find(authorization.substring(7).trim());
        }
        return null;
    }

    private static Token newest(CredentialSlot slot, Token token, long now) {
        Token latest = slot.current();
        return latest != null && latest.isUsable(now) ? latest : token;
    }

    /**
     * The kill-switch refuses first; then the throttling policies decide, now that the token and so the
     * credential are known, and the call may wait for room; then the kill-switch admits it (taking the
     * probe only for a call that really goes, never for one that waits or is refused).
     */
    private Decision send(OutboundRequest request, Token token, boolean attached, boolean mayBlock) {
        Admission.Refused tripped = killSwitch.refusal();
        if (tripped != null) {
            return carrier.refusal(tripped.kind(), tripped.reason(), tripped.retryAfterNanos());
        }
        Credential credential = token == null ? null : token.slot().credential();
        Verdict verdict = policies.admit(request, credential, credential == null ? null : credential.fingerprint());
        if (verdict == null) {
            return proceed(token, attached, null);
        }
        if (verdict instanceof Waiting waiting) {
            if (mayBlock) {
                return admitted(policies.await(waiting), token, attached);
            }
            return new Decision.Later(policies.later(waiting).thenApply(v -> admitted(v, token, attached)));
        }
        return admitted(verdict, token, attached);
    }

    private Decision admitted(Verdict verdict, Token token, boolean attached) {
        if (verdict instanceof PolicyPass pass) {
            return proceed(token, attached, pass);
        }
        return carrier.policyRefusal((PolicyRefusal) verdict);
    }

    private Decision proceed(Token token, boolean attached, PolicyPass pass) {
        Admission admission = killSwitch.admit();
        if (admission instanceof Admission.Refused refused) {
            policies.release(pass);
            return carrier.refusal(refused.kind(), refused.reason(), refused.retryAfterNanos());
        }
        if (admission != Admission.ADMITTED) {
            // The probe gets an exchange of its own, whose answer decides the kill-switch.
            return new Decision.Proceed(attached ? bearer(token) : HttpHeaders.EMPTY,
                    new GuardExchange(carrier, token, attached, false, admission, pass));
        }
        if (pass != null) {
            return shared(pass, token, attached);
        }
        if (token == null) {
            return proceedUntracked;
        }
        Shared s = shared;
        if (s == null || s.token != token) {
            s = new Shared(this, token, null, admission);
            shared = s;
        }
        return attached ? s.attached : s.asIs;
    }

    /**
     * The decisions for calls that passed {@code pass} with {@code token}, kept in the pass (interned by
     * the engine) so that an admitted call allocates nothing; replaced, racily and harmlessly, when the
     * token changes or a pass shared by several carriers' calls ({@code carrier=*}) serves another.
     */
    private Decision shared(PolicyPass pass, Token token, boolean attached) {
        Shared s = pass.cached() instanceof Shared cached && cached.owner == this && cached.token == token ? cached : null;
        if (s == null) {
            s = new Shared(this, token, pass, Admission.ADMITTED);
            pass.cache(s);
        }
        return attached ? s.attached : s.asIs;
    }

    private Decision refusal(Outcome outcome) {
        if (outcome instanceof Outcome.Refused refused) {
            return carrier.refusal(refused.kind(), refused.reason(), refused.retryAfterNanos());
        }
        int status = ((Outcome.CarrierAnswer) outcome).response().status();
        return carrier.refusal(RefusalReason.TOKEN_ENDPOINT_FAILED,
                "renewal failed: token endpoint of " + carrier.id() + " answered " + status,
                RETRY_AFTER_FAILED_RENEWAL_NANOS);
    }

    /**
     * A 401 names the token the request carried: drop it if current. Where the agent put the token
     * there, a newer one exists (or, where the adapter may wait, one renewal brings it) and the adapter
     * can send the request again, it is sent once more.
     */
    AfterResponse onResponse(GuardExchange exchange, int status, HttpHeaders headers, String errorBody,
                             RequestGuard.Replays replays) {
        AfterResponse after = afterResponse(exchange, status, headers, replays);
        if (exchange.pass() != null || status == 429) {
            // A replay carries the pass on, and its own response frees its places.
            Credential credential = exchange.token() == null ? null : exchange.token().slot().credential();
            policies.onResponse(after == AfterResponse.DONE ? exchange.pass() : null, credential,
                    credential == null ? null : credential.fingerprint(), status, headers, errorBody);
        }
        return after;
    }

    /** A 429 the client will answer by sending the call again itself: its scope pauses, the call goes on. */
    void onRetried429(GuardExchange exchange, HttpHeaders headers, String errorBody) {
        Credential credential = exchange.token() == null ? null : exchange.token().slot().credential();
        policies.retried429(exchange.pass(), credential, credential == null ? null : credential.fingerprint(), headers,
                errorBody);
    }

    private AfterResponse afterResponse(GuardExchange exchange, int status, HttpHeaders headers,
                                        RequestGuard.Replays replays) {
        if (exchange.probe()) {
            killSwitch.onResponse(exchange.admission(), status, headers == null ? null : headers.first("retry-after"), false);
        }
        if (status != 401) {
            return AfterResponse.DONE;
        }
        Token failed = exchange.token();
        events.unauthorized(failed == null ? "(not the broker's)" : failed.fingerprint());
        if (failed == null) {
            return AfterResponse.DONE;
        }
        CredentialSlot slot = failed.slot();
        slot.invalidate(failed, false);
        if (!exchange.attached() || exchange.replay()) {
            return AfterResponse.DONE;
        }
        Token next = slot.current();
        if (next == null || !next.isUsable(time.nanoTime())) {
            if (replays != RequestGuard.Replays.AFTER_RENEWAL) {
                // obtain() may wait up to token-wait and make the token call: not on an async client's
                // I/O thread. The renewal goes to the broker's executor (unless one is in flight or the
                // floor forbids it: then the next request renews), and the application's retry of this
                // 401 meets its token.
                slot.refreshAhead(next);
                return AfterResponse.DONE;
            }
            Outcome outcome = slot.obtain(next);
            if (!(outcome instanceof Outcome.Issued issued)) {
                return AfterResponse.DONE;
            }
            next = issued.token();
        }
        // Checked before admit(): an admission for a replay that is never sent may be the one probe,
        // which, unanswered, would refuse all of the carrier's traffic until the probe times out.
        if (replays == RequestGuard.Replays.NEVER || next.value().equals(failed.value())) {
            return AfterResponse.DONE;
        }
        Admission admission = killSwitch.admit();
        if (admission instanceof Admission.Refused) {
            return AfterResponse.DONE;
        }
        events.replayed(failed.fingerprint(), next.fingerprint());
        return new AfterResponse.Replay(bearer(next), new GuardExchange(carrier, next, true, true, admission, exchange.pass()));
    }

    void onFailure(GuardExchange exchange) {
        if (exchange.probe()) {
            killSwitch.onFailure(exchange.admission());
        }
        policies.release(exchange.pass());
    }

    private static HttpHeaders bearer(Token token) {
        return HttpHeaders.builder().add("Authorization", token.authorization()).build();
    }
}
