package dev.tokenguard.core.events;

import java.util.Locale;

/**
 * What kind of refusal a synthetic refusal was, for the log summary, JMX and {@code status}: a small
 * fixed set, so that operators can tell "the kill-switch is on" from "the token endpoint is down" at
 * a glance without reading reasons one by one.
 *
 * <p>Told from the reason text, which every place that refuses writes in its own words
 * ({@code KillSwitch}, {@code TokenCaller}, {@code TokenRenewal}, {@code CredentialSlot},
 * {@code TokenEndpoint}, {@code Tokenguard}); {@code RefusalReasonTest} holds each of those texts.
 * A reason not recognised counts as {@link #OTHER}, never lost.
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
    /** A renewal in flight (here or on another instance) did not end within the wait. */
    RENEWAL_WAIT,
    /** A token request whose body the client library would not let tokenguard read. */
    UNREADABLE_BODY,
    /** An unexpected exception inside tokenguard, answered safely. */
    INTERNAL_ERROR,
    /** Anything else (an interrupted wait, a busy renewal executor). */
    OTHER;

    private final String label = name().toLowerCase(Locale.ROOT).replace('_', '-');

    /** The kind of a refusal, from its reason text. */
    public static RefusalReason of(String reason) {
        if (reason == null) {
            return OTHER;
        }
        // The kill-switch first: its reason ends in the trip's own reason, which may say anything.
        if (reason.startsWith("kill-switch ")) {
            return KILL_SWITCH;
        }
        if (reason.contains("internal error")) {
            return INTERNAL_ERROR;
        }
        if (reason.contains("rate limit") || reason.contains("min-interval")) {
            return RATE_LIMIT;
        }
        if (reason.contains("backing off")) {
            return BACKING_OFF;
        }
        if (reason.contains("could not read the body")) {
            return UNREADABLE_BODY;
        }
        if (reason.contains("token endpoint") || reason.contains("brought back the expired token")) {
            return TOKEN_ENDPOINT_FAILED;
        }
        if (reason.contains("in flight")) {
            return RENEWAL_WAIT;
        }
        return OTHER;
    }

    /** How logs, JMX and {@code status} name it: {@code kill-switch}, {@code rate-limit}, ... */
    public String label() {
        return label;
    }
}
