package dev.tokenguard.agent.jdkhttp;

import java.net.http.HttpClient;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * Where a {@code sendAsync} call tokenguard holds up goes on: reading a request body, and acting on
 * the body read or on a decision that came later. Never the caller's thread, which
 * {@code sendAsync} must give back at once, nor the thread that brought a token (agent-core's
 * renewal, which other callers wait for).
 */
final class AsyncContinuations {

    /**
     * Reads bodies, and stands in for the JDK's default executor, which is not reachable from
     * outside the client: daemon threads that end after a minute idle, as the JDK's do.
     */
    private static final ExecutorService OWN = Executors.newCachedThreadPool(task -> {
        Thread thread = new Thread(task, "tokenguard-jdkhttp-async");
        thread.setDaemon(true);
        return thread;
    });

    private AsyncContinuations() {}

    /** The executor the application gave its client, where its own callbacks run; else tokenguard's. */
    static Executor of(HttpClient client) {
        return client.executor().orElse(OWN);
    }

    /**
     * Tokenguard's own: a publisher may read a stream in its subscription and block there, which
     * must hold up neither the caller nor the client's executor.
     */
    static Executor forReading() {
        return OWN;
    }
}
