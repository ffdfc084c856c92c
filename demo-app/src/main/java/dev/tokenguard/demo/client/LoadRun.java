package dev.tokenguard.demo.client;

import dev.tokenguard.demo.client.http.HttpTransport;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

/**
 * N users, each a thread, repeating the shipping call with a think time in between until the run's
 * time is up. All users share one HTTP client and one {@link TokenCache}, as an application does.
 */
public final class LoadRun {

    private final ClientOptions options;

    public LoadRun(ClientOptions options) {
        this.options = options;
    }

    /** Runs to the end; a call still in flight at the deadline is finished and counted. */
    public RunResult run() throws IOException, InterruptedException {
        RunStats stats = new RunStats();
        try (HttpTransport http = options.client().create(options.users(), options.timeout())) {
            TokenCache tokens = new TokenCache(http, options.carrier(), options.baseUrl(), options.credentials(), stats);
            ShippingCall call = new ShippingCall(http, options.carrier(), options.baseUrl(), tokens, stats);
            long deadline = System.nanoTime() + options.duration().toNanos();
            List<Thread> users = new ArrayList<>();
            for (int i = 1; i <= options.users(); i++) {
                Thread user = new Thread(() -> actUntil(call, deadline), "user-" + i);
                user.setDaemon(true);
                users.add(user);
                user.start();
            }
            for (Thread user : users) {
                user.join();
            }
        }
        return stats.snapshot();
    }

    private void actUntil(ShippingCall call, long deadline) {
        long thinkNanos = options.think().toNanos();
        // Users do not start in lock step: each first waits a random part of one think time.
        if (!pause(thinkNanos == 0 ? 0 : ThreadLocalRandom.current().nextLong(thinkNanos), deadline)) {
            return;
        }
        do {
            call.run();
        } while (pause(thinkNanos, deadline));
    }

    /** Sleeps, but not past the deadline; false when the deadline has come. */
    private static boolean pause(long nanos, long deadline) {
        long left = deadline - System.nanoTime();
        if (left <= 0) {
            return false;
        }
        try {
            TimeUnit.NANOSECONDS.sleep(Math.min(nanos, left));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
        return deadline - System.nanoTime() > 0;
    }
}
