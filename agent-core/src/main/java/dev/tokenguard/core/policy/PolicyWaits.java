package dev.tokenguard.core.policy;

import dev.tokenguard.core.time.TimeSource;
import java.util.PriorityQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeoutException;

/**
 * Runs tasks at a time of the engine's clock on one daemon thread, {@code tokenguard-policy-wait},
 * started on first use: how a call of a caller that must not block goes on once its reserved time
 * comes, or is refused when its max-wait is over. The thread waits through
 * {@link TimeSource#await}, so that a fake clock drives it in tests.
 */
final class PolicyWaits {
    static final String THREAD_NAME = "tokenguard-policy-wait";

    private final TimeSource time;
    private final PriorityQueue<Task> tasks = new PriorityQueue<>((a, b) -> Long.signum(a.atNanos - b.atNanos));
    private long sequence;
    private CompletableFuture<Void> wake = new CompletableFuture<>();
    private Thread thread;
    private boolean closed;

    private record Task(long atNanos, long seq, Runnable action) {}

    PolicyWaits(TimeSource time) {
        this.time = time;
    }

    void at(long atNanos, Runnable action) {
        CompletableFuture<Void> toWake;
        synchronized (this) {
            if (closed) {
                throw new IllegalStateException("tokenguard is closed");
            }
            tasks.add(new Task(atNanos, sequence++, action));
            if (thread == null) {
                thread = new Thread(this::run, THREAD_NAME);
                thread.setDaemon(true);
                thread.start();
            }
            toWake = wake;
            wake = new CompletableFuture<>();
        }
        toWake.complete(null);
    }

    void close() {
        CompletableFuture<Void> toWake;
        synchronized (this) {
            closed = true;
            tasks.clear();
            toWake = wake;
        }
        toWake.complete(null);
    }

    private void run() {
        while (true) {
            Runnable due = null;
            CompletableFuture<Void> sleep;
            Task first;
            long wait;
            synchronized (this) {
                if (closed) {
                    return;
                }
                first = tasks.peek();
                long now = time.nanoTime();
                if (first != null && first.atNanos - now <= 0) {
                    due = tasks.poll().action;
                }
                sleep = wake;
                wait = first == null ? 0 : first.atNanos - now;
            }
            if (due != null) {
                runSafely(due);
                continue;
            }
            try {
                if (first == null) {
                    sleep.get();
                } else {
                    time.await(sleep, wait);
                }
            } catch (TimeoutException e) {
                // the first task is due
            } catch (InterruptedException e) {
                return;
            } catch (ExecutionException | RuntimeException e) {
                // A clock that gave up waiting (a test's): look again.
            }
        }
    }

    private static void runSafely(Runnable action) {
        try {
            action.run();
        } catch (RuntimeException e) {
            // Each task completes its own caller's stage; a fault in one must not stop the others.
        }
    }
}
