package dev.tokenguard.core.testing;

import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;

/** Holds background tasks until the test runs them, or runs them at once when {@code direct}. */
public final class QueuedExecutor implements Executor {
    private final Queue<Runnable> tasks = new ConcurrentLinkedQueue<>();
    private volatile boolean direct;

    public QueuedExecutor direct(boolean runAtOnce) {
        this.direct = runAtOnce;
        return this;
    }

    @Override
    public void execute(Runnable task) {
        if (direct) {
            task.run();
        } else {
            tasks.add(task);
        }
    }

    public int pending() {
        return tasks.size();
    }

    /** Runs the queued tasks (and those they queue) on the calling thread; returns how many. */
    public int runAll() {
        int n = 0;
        for (Runnable task; (task = tasks.poll()) != null; n++) {
            task.run();
        }
        return n;
    }
}
