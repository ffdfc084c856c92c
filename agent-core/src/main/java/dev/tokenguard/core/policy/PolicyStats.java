package dev.tokenguard.core.policy;

/**
 * A policy's figures since the agent started (counts carry over a reload that keeps the policy's name).
 *
 * @param matched             calls the policy applied to
 * @param admitted            of those, let through (at once or after waiting)
 * @param waited              of those admitted, how many queued for room first
 * @param refused             refused locally (over a limit after max-wait, blocked, or paused)
 * @param shadowRefused       in shadow mode: calls it would have refused, which went ahead
 * @param bytes               request and response bytes counted
 * @param inFlight            calls under the policy now on their way (this JVM)
 * @param pausedUntilEpochMillis until when a carrier's 429 paused the policy's counters; 0 when not paused
 */
public record PolicyStats(long matched, long admitted, long waited, long refused, long shadowRefused, long bytes,
                          int inFlight, long pausedUntilEpochMillis) {}
