package dev.tokenguard.core.config;

/** When the agent puts its cached bearer token on an API request. */
public enum Attach {
    /** Only where the request carries no {@code Authorization} header. */
    MISSING,
    /** Always, replacing whatever the request carries. */
    ALWAYS,
    /** Never attach; superseded tokens are still upgraded. */
    NEVER
}
