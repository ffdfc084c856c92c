package dev.tokenguard.core.store.redis;

import dev.tokenguard.core.config.CarrierConfig;
import dev.tokenguard.core.events.EventLog;
import dev.tokenguard.core.killswitch.KillSwitch;
import dev.tokenguard.core.killswitch.KillSwitchState;
import dev.tokenguard.core.testing.CapturingLogger;
import dev.tokenguard.core.testing.ClusterNode;
import dev.tokenguard.core.testing.RedisServerProcess;
import dev.tokenguard.core.time.TimeSource;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.event.Level;

/**
 * One instance's shared kill-switch without a whole guard, in the {@link ClusterNode}s' cluster, for
 * tests that need to hold its clock, its Redis thread, or its ears.
 */
final class KillSwitchInstance implements AutoCloseable {
    private static final AtomicInteger COUNT = new AtomicInteger();

    final CapturingLogger log = new CapturingLogger(Level.DEBUG);
    final RedisConnection connection;
    final KillSwitch killSwitch;

    private KillSwitchInstance(RedisServerProcess redis, CarrierConfig carrier, TimeSource time, boolean listening) {
        connection = new RedisConnection(redis.location(), log, 2);
        RedisKillSwitches switches = new RedisKillSwitches(connection, RedisKeys.of(ClusterNode.CLUSTER),
                "test-instance-" + COUNT.incrementAndGet(), log);
        killSwitch = switches.killSwitch(carrier, time, () -> 0L, new EventLog(carrier.id(), log, time));
        awaitRedisThread(); // it has read the cluster's state: what the test does next is news to it
        if (listening) {
            connection.start();
        }
    }

    private void awaitRedisThread() {
        CountDownLatch done = new CountDownLatch(1);
        connection.execute(done::countDown);
        try {
            if (!done.await(10, TimeUnit.SECONDS)) {
                throw new AssertionError("the instance's Redis thread did not get to its first read in 10 s");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }

    /** One like any other: it hears the cluster's announcements, and notices an outage at once. */
    static KillSwitchInstance listening(RedisServerProcess redis, CarrierConfig carrier, TimeSource time) {
        return new KillSwitchInstance(redis, carrier, time, true);
    }

    /**
     * One that never subscribes: it hears nothing the others announce (as while its subscription is
     * down), so all it learns comes from the answers to its own writes, and it notices an outage only
     * when a write fails.
     */
    static KillSwitchInstance deaf(RedisServerProcess redis, CarrierConfig carrier, TimeSource time) {
        return new KillSwitchInstance(redis, carrier, time, false);
    }

    KillSwitchState state() {
        return killSwitch.state();
    }

    /**
     * Holds the instance's Redis thread until the latch is counted down: it neither re-checks Redis
     * nor writes to it meanwhile.
     */
    CountDownLatch holdRedisThread() {
        CountDownLatch release = new CountDownLatch(1);
        connection.execute(() -> {
            try {
                release.await();
            } catch (InterruptedException closing) {
                Thread.currentThread().interrupt();
            }
        });
        return release;
    }

    @Override
    public void close() {
        connection.close();
    }
}
