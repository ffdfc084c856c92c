package dev.tokenguard.it.support;

import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.function.Supplier;

/** Polls a condition until it holds or a deadline passes: tests wait for what they can see, never for time. */
public final class Await {
    private static final long POLL_MILLIS = 20;

    private Await() {}

    /** Returns once {@code condition} holds; fails with {@code what} and {@code state} after {@code timeout}. */
    public static void until(String what, Duration timeout, Callable<Boolean> condition, Supplier<String> state)
            throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.call()) {
            if (System.nanoTime() - deadline > 0) {
                throw new AssertionError("not within " + timeout + ": " + what + "; " + state.get());
            }
            Thread.sleep(POLL_MILLIS);
        }
    }
}
