package dev.tokenguard.core.policy;

import java.util.concurrent.CompletableFuture;

/**
 * A call that must wait before it goes: either its time is reserved ({@link #atNanos}) and it only
 * waits for it, or it queues for an in-flight place until {@link #deadlineNanos}, in arrival order,
 * and the engine reserves its time when a place frees. Hand it to {@link CarrierPolicies#await} (a
 * caller that may block) or {@link CarrierPolicies#later} (one that must not).
 */
public final class Waiting implements Verdict {
    final PolicyPass pass;
    final long requestBytes;
    final long deadlineNanos;
    /** Guarded by the engine's lock until {@link #settled} completes. */
    long atNanos;
    boolean queued;
    PolicyRefusal refusal;
    /** Completes, outside the engine's lock, when a queued call got its place or was refused. */
    final CompletableFuture<Void> settled;
    /**
     * For a call whose pass takes places in the cluster's store ({@link PolicyPass#placeIds}): the
     * call itself, decided again on this instance's shares should the store fail meanwhile.
     */
    Call call;

    record Call(CarrierPolicies carrier, dev.tokenguard.core.http.OutboundRequest request, Object credential,
                String credentialLabel) {}

    /** A call whose time is reserved. */
    Waiting(PolicyPass pass, long atNanos) {
        this.pass = pass;
        this.requestBytes = 0;
        this.deadlineNanos = atNanos;
        this.atNanos = atNanos;
        this.settled = CompletableFuture.completedFuture(null);
    }

    /** A call queued for an in-flight place. */
    Waiting(PolicyPass pass, long requestBytes, long deadlineNanos) {
        this.pass = pass;
        this.requestBytes = requestBytes;
        this.deadlineNanos = deadlineNanos;
        this.queued = true;
        this.settled = new CompletableFuture<>();
    }
}
