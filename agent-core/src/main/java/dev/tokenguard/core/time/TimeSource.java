package dev.tokenguard.core.time;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeoutException;

/**
 * Where agent-core reads time and waits. Everything that depends on time goes through one of these,
 * so that tests drive a fake clock instead of sleeping.
 *
 * <p>{@link #nanoTime()} is an arbitrary origin like {@link System#nanoTime()} and may be negative or
 * wrap: callers compare two readings only by the sign of their difference ({@code a - b < 0}).
 */
public interface TimeSource {

    /** A monotonic reading in nanoseconds, for deadlines and intervals. */
    long nanoTime();

    /** Wall-clock milliseconds since the epoch, for HTTP dates and log lines. */
    long currentTimeMillis();

    /** Parks the calling thread for about {@code nanos} of this source's time. */
    void sleep(long nanos) throws InterruptedException;

    /**
     * Waits for the future at most {@code timeoutNanos} of this source's time and returns its value.
     *
     * @throws TimeoutException when the time is up first
     * @throws java.util.concurrent.CompletionException when the future completed exceptionally
     */
    <T> T await(CompletableFuture<T> future, long timeoutNanos) throws InterruptedException, TimeoutException;

    static TimeSource system() {
        return SystemTimeSource.INSTANCE;
    }
}
