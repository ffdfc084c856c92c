package dev.tokenguard.core.events;

import java.util.Locale;

/**
 * What kind of refusal a synthetic refusal was, for the log summary, JMX and {@code status}: a small
 * fixed set, so that operators can tell "the kill-switch is on" from "the token endpoint is down" at
 * a glance without reading reasons one by one.
 *
 * <p>Set where each refusal is made ({@code Outcome.Refused}, {@code Admission.Refused},
 * {@code CarrierRuntime.refusal}), never told from the reason text: the text is for people and may
 * be reworded, and a kill-switch's text ends in its trip's reason, which may say anything.
 */
public enum RefusalReason {
    /** The carrier's kill-switch is tripped or waiting for its probe. */
    KILL_SWITCH,
    /** The token-call limiter ({@code token-rate}) or the {@code min-interval} floor had no call to give. */
    RATE_LIMIT,
    /** Renewals failed lately, and the back-off holds the next one. */
    BACKING_OFF,
    /** The token endpoint was unreachable or answered without a usable token. */
    TOKEN_ENDPOINT_FAILED,
    /**
     * A renewal in flight did not end within the longest a renewal can take (token-wait, a wait for
     * another instance's lease holder, token-timeout). Callers wait for a call in flight until it
     * ends, so this is a safety net: on this instance, for a transport that ignores its timeout; in
     * a cluster, for another instance's renewal still holding the lease past that bound.
     */
    RENEWAL_WAIT,
    /** A token request whose body the client library would not let tokenguard read. */
    UNREADABLE_BODY,
    /** An API call over a throttling policy's limit ({@code requests}, {@code bytes}, {@code in-flight}) after its max-wait. */
    POLICY_LIMIT,
    /** An API call a blocking policy ({@code action=block}) or a run-time block refused. */
    POLICY_BLOCK,
    /** An API call in a scope the carrier's own 429 paused, until its {@code Retry-After}. */
    CARRIER_PAUSE,
    /** An unexpected exception inside tokenguard, answered safely. */
    INTERNAL_ERROR,
    /** Anything else: an interrupted wait (for a renewal or for a policy's room), a busy renewal executor. */
    OTHER;

    private final String label = name().toLowerCase(Locale.ROOT).replace('_', '-');

    /** How logs, JMX and {@code status} name it: {@code kill-switch}, {@code rate-limit}, ... */
    public String label() {
        return label;
    }
}
