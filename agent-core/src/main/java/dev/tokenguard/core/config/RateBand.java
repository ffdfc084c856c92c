package dev.tokenguard.core.config;

import java.time.Duration;

/** One band of {@code token-rate}: at most {@code calls} real token calls per {@code period}. */
public record RateBand(long calls, Duration period) {
    @Override
    public String toString() {
        return calls + "/" + Durations.format(period);
    }
}
