package dev.tokenguard.core.policy;

/**
 * A block in force.
 *
 * @param expiresAtEpochMillis 0 for until unblocked
 * @param refused              calls it refused so far
 */
public record BlockView(String id, BlockSpec spec, long createdAtEpochMillis, long expiresAtEpochMillis, long refused) {}
