package dev.tokenguard.core.policy;

import dev.tokenguard.core.config.PolicyConfig;

/**
 * One {@code bytes=SIZE/W} limit of one counter, as a bucket of {@code SIZE} bytes refilled evenly
 * over {@code W}, which may go into debt.
 *
 * <p>Semantics: a call goes while the bucket is not in debt (or waits, within max-wait, until the
 * refill pays the debt off); its request bytes (the body, or {@code Content-Length}) are taken at
 * admission, its response bytes (the response's {@code Content-Length}, where given) when the response
 * comes. One call may take the bucket into debt by its whole size, so over any interval of length
 * {@code T} the bytes counted stay within {@code SIZE + SIZE * T / W} plus the last call's own bytes;
 * a response without {@code Content-Length} (chunked) is not counted.
 *
 * <p>Kept as the time {@code paidUntil} at which the bucket would be full again: the bucket holds
 * {@code SIZE * (1 - (paidUntil - now) / W)} bytes, so it is in debt exactly while
 * {@code paidUntil - now > W}. Guarded by the engine's lock.
 */
final class ByteBudget {
    private final PolicyConfig.ByteRate rate;
    private final long periodNanos;
    private final double nanosPerByte;
    private long paidUntil;
    private boolean used;

    ByteBudget(PolicyConfig.ByteRate rate) {
        this.rate = rate;
        this.periodNanos = rate.period().toNanos();
        this.nanosPerByte = (double) periodNanos / Math.max(1, rate.bytes());
    }

    PolicyConfig.ByteRate rate() {
        return rate;
    }

    long earliest(long now) {
        if (!used) {
            return now;
        }
        long clear = paidUntil - periodNanos;
        return clear - now > 0 ? clear : now;
    }

    /** Takes {@code bytes} at {@code at}. */
    void charge(long at, long bytes) {
        if (bytes <= 0) {
            return;
        }
        long from = used && paidUntil - at > 0 ? paidUntil : at;
        double cost = Math.min(bytes * nanosPerByte, (double) Long.MAX_VALUE / 4);
        paidUntil = from + (long) cost;
        used = true;
    }
}
