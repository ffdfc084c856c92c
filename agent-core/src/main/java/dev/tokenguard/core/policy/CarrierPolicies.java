package dev.tokenguard.core.policy;

import dev.tokenguard.core.http.HttpHeaders;
import dev.tokenguard.core.http.OutboundRequest;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * The engine as one carrier's API requests see it: what {@code ApiRequests} asks for every call, and
 * tells of every response. Token requests never come here: the token-call limiter governs them.
 */
public final class CarrierPolicies {
    private final PolicyEngine engine;
    private final String carrierId;
    private volatile long defaultRetryAfterNanos;

    CarrierPolicies(PolicyEngine engine, String carrierId, long defaultRetryAfterNanos) {
        this.engine = engine;
        this.carrierId = carrierId;
        this.defaultRetryAfterNanos = defaultRetryAfterNanos;
    }

    public String carrierId() {
        return carrierId;
    }

    long defaultRetryAfterNanos() {
        return defaultRetryAfterNanos;
    }

    /** A reloaded {@code retry-after-default}: for pauses and blocks from now on. */
    public void defaultRetryAfter(Duration retryAfter) {
        defaultRetryAfterNanos = retryAfter.toNanos();
    }

    /**
     * Decides a call about to leave, after the kill-switch let it and its token is chosen.
     *
     * @param credential      the credential of the token it carries (any object with equals and
     *                        hashCode); null for a call without a broker token, which counts under one
     *                        shared key
     * @param credentialLabel the credential's fingerprint, for messages; never a secret
     * @return null where no policy applies and nothing is paused or blocked: the call goes as before
     */
    public Verdict admit(OutboundRequest request, Object credential, String credentialLabel) {
        return engine.admit(this, request, credential == null ? RequestKeys.NONE : credential,
                credential == null ? RequestKeys.NONE : credentialLabel);
    }

    /** Waits on the calling thread until the call may go; a {@link PolicyPass} or a {@link PolicyRefusal}. */
    public Verdict await(Waiting waiting) {
        return engine.await(waiting);
    }

    /** Completes, on the engine's wait thread or a releasing one, when the call may go or is refused. */
    public CompletionStage<Verdict> later(Waiting waiting) {
        CompletableFuture<Verdict> result = new CompletableFuture<>();
        engine.later(waiting, result);
        return result;
    }

    /**
     * The carrier answered a call: its in-flight places free, its response bytes count, and a 429
     * pauses its scope.
     *
     * @param pass      null for a call no policy counted
     * @param errorBody the start of a 429's body that named no {@code Retry-After}, or null
     */
    public void onResponse(PolicyPass pass, Object credential, String credentialLabel, int status, HttpHeaders headers,
                           String errorBody) {
        engine.onResponse(this, pass, credential == null ? RequestKeys.NONE : credential,
                credential == null ? RequestKeys.NONE : credentialLabel, status, headers, errorBody);
    }

    /**
     * The carrier answered 429 to a call the client then sent again by itself (its own retry, below
     * the agent): the scope pauses as for a 429 that reaches the agent, and the call keeps its places,
     * since its final answer is still to come.
     */
    public void retried429(PolicyPass pass, Object credential, String credentialLabel, HttpHeaders headers,
                           String errorBody) {
        engine.pause(this, pass, credential == null ? RequestKeys.NONE : credential,
                credential == null ? RequestKeys.NONE : credentialLabel, headers, errorBody);
    }

    /** A call failed without an answer, or was not sent after all: its in-flight places free. */
    public void release(PolicyPass pass) {
        if (pass != null) {
            engine.release(pass, 0);
        }
    }
}
