package dev.tokenguard.core.broker;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/** Threads for tests that need callers to block: daemon threads, never the common pool. */
final class TestThreads {
    static final ExecutorService POOL = Executors.newCachedThreadPool(task -> {
        Thread t = new Thread(task, "test-caller");
        t.setDaemon(true);
        return t;
    });

    private TestThreads() {}
}
