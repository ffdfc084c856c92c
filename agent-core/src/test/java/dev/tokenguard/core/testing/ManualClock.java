package dev.tokenguard.core.testing;

import dev.tokenguard.core.time.TimeSource;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A clock that moves only when told. {@link #sleep} moves it (the sleeping thread is all that
 * happens meanwhile); {@link #await} blocks for real until the future completes or the clock is
 * moved past the deadline.
 *
 * <p>It starts ten minutes before {@code long} overflow: code that compares two readings directly,
 * instead of by the sign of their difference, fails every test that runs past that point.
 */
public final class ManualClock implements TimeSource {
    public static final long START_NANOS = Long.MAX_VALUE - TimeUnit.MINUTES.toNanos(10);
    public static final long START_MILLIS = 1_763_800_000_000L;
    /** A test whose future never completes fails instead of hanging. */
    private static final long REAL_TIME_LIMIT_SECONDS = 30;

    private final AtomicLong nanos = new AtomicLong(START_NANOS);
    private final Set<Deadline> deadlines = ConcurrentHashMap.newKeySet();

    private record Deadline(long atNanos, CompletableFuture<Void> passed) {}

    @Override
    public long nanoTime() {
        return nanos.get();
    }

    @Override
    public long currentTimeMillis() {
        return START_MILLIS + TimeUnit.NANOSECONDS.toMillis(nanos.get() - START_NANOS);
    }

    /** Time since the clock started. */
    public Duration elapsed() {
        return Duration.ofNanos(nanos.get() - START_NANOS);
    }

    public void advance(Duration d) {
        advanceNanos(d.toNanos());
    }

    public void advanceMillis(long millis) {
        advanceNanos(TimeUnit.MILLISECONDS.toNanos(millis));
    }

    public void advanceNanos(long n) {
        long now = nanos.addAndGet(n);
        deadlines.forEach(d -> {
            if (now - d.atNanos >= 0) {
                d.passed.complete(null);
            }
        });
    }

    /** Moves the clock to {@code elapsed} since its start. */
    public void setElapsed(Duration elapsed) {
        advanceNanos(START_NANOS + elapsed.toNanos() - nanos.get());
    }

    /** Threads now blocked in {@link #await}. */
    public int waiting() {
        return deadlines.size();
    }

    @Override
    public void sleep(long n) {
        advanceNanos(n);
    }

    @Override
    public <T> T await(CompletableFuture<T> future, long timeoutNanos) throws InterruptedException, TimeoutException {
        if (future.isDone()) {
            return future.join();
        }
        Deadline deadline = new Deadline(nanos.get() + timeoutNanos, new CompletableFuture<>());
        deadlines.add(deadline);
        try {
            if (nanos.get() - deadline.atNanos >= 0) {
                deadline.passed.complete(null);
            }
            CompletableFuture.anyOf(future, deadline.passed).get(REAL_TIME_LIMIT_SECONDS, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            return future.join();
        } catch (TimeoutException e) {
            throw new IllegalStateException("nothing happened for " + REAL_TIME_LIMIT_SECONDS + " s of real time");
        } finally {
            deadlines.remove(deadline);
        }
        if (future.isDone()) {
            return future.join();
        }
        throw new TimeoutException();
    }
}
