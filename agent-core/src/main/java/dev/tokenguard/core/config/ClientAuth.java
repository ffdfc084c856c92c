package dev.tokenguard.core.config;

/** Where a token call carries its client credentials. */
public enum ClientAuth {
    /** {@code client_id} and {@code client_secret} in the form body (FedEx). */
    FORM,
    /** HTTP Basic authentication (UPS). */
    BASIC
}
