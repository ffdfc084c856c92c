package dev.tokenguard.core.policy;

import java.time.Duration;
import java.util.Objects;

/**
 * What a run-time block refuses: calls to {@code carrier} ({@code *} for every carrier) with, where
 * given, this method, a path matching this glob and this header value.
 *
 * @param method   null for any method
 * @param pathGlob null for any path; otherwise a {@code when.path} glob
 * @param header   null for any; otherwise {@code Name=Value} (exact value)
 * @param duration null for until unblocked
 * @param reason   said in the refusal's {@code X-Tokenguard} field and in the log; never empty
 */
public record BlockSpec(String carrier, String method, String pathGlob, String header, Duration duration, String reason) {
    public BlockSpec {
        Objects.requireNonNull(carrier, "carrier");
        if (reason == null || reason.isBlank()) {
            throw new IllegalArgumentException("reason: a block needs a reason, said to every call it refuses");
        }
        if (duration != null && (duration.isNegative() || duration.isZero())) {
            throw new IllegalArgumentException("duration: must be positive, or absent for until unblocked");
        }
    }
}
