package dev.tokenguard.it.cluster;

import static dev.tokenguard.it.cluster.FleetChecks.fedex;
import static dev.tokenguard.it.cluster.FleetChecks.occurrences;
import static dev.tokenguard.it.cluster.FleetChecks.stats;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tokenguard.core.testing.RedisServerProcess;
import dev.tokenguard.demo.carrier.CarrierSimulator;
import dev.tokenguard.demo.carrier.SimulatorSettings;
import dev.tokenguard.it.support.Await;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The instance renewing for the cluster is killed ({@code SIGKILL}) while it holds the renewal
 * lease, its token call hanging at the carrier: the lease expires, and another instance renews.
 */
class LeaseHolderKilledIT {
    private static final int INSTANCES = 3;
    private static final int USERS = 10;
    /** Long enough that the load outlasts every wait below, each of which may take long on a busy machine. */
    private static final int SECONDS = 60;
    private static final Duration HANG = Duration.ofSeconds(8);
    private static final Duration WITHIN = Duration.ofSeconds(30);
    private static final String RENEWED = "token renewed for credential";

    @Test
    void anotherInstanceRenewsAfterTheHolderDies() throws Exception {
        try (RedisServerProcess redis = RedisServerProcess.start();
                CarrierSimulator sim = CarrierSimulator.start(SimulatorSettings.builder()
                        .tokenLifetime(Duration.ofSeconds(4)).build());
                Fleet fleet = Fleet.start(INSTANCES, Fleet.agentConfig(sim, redis.port(), "it-lease", INSTANCES), false)) {
            fleet.naive(sim, USERS, SECONDS);
            Await.until("the cluster has a token", WITHIN, () -> fedex(sim).tokensIssued() >= 1, () -> stats(sim));

            sim.updateSettings(settings -> settings.tokenLatency(HANG));
            long callsBefore = fedex(sim).tokenCalls();
            String[] lease = new String[1];
            Await.until("a renewal hangs at the carrier, its holder holding the lease", WITHIN, () -> {
                lease[0] = leaseHolder(redis);
                return lease[0] != null && fedex(sim).tokenCalls() > callsBefore;
            }, () -> stats(sim));
            int holder = instanceOf(fleet, lease[0]);
            sim.updateSettings(settings -> settings.tokenLatency(Duration.ZERO));
            int[] renewedBefore = new int[INSTANCES];
            for (int i = 0; i < INSTANCES; i++) {
                renewedBefore[i] = i == holder ? 0 : occurrences(fleet.log(i), RENEWED);
            }

            fleet.app(holder).kill();
            long killedAt = System.nanoTime();

            int[] renewer = {-1};
            Await.until("another instance renews", WITHIN, () -> {
                for (int i = 0; i < INSTANCES; i++) {
                    if (i != holder && occurrences(fleet.log(i), RENEWED) > renewedBefore[i]) {
                        renewer[0] = i;
                        return true;
                    }
                }
                return false;
            }, () -> stats(sim));
            long seconds = TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - killedAt);
            System.out.println("lease " + lease[0] + " of instance " + holder + " (pid " + fleet.app(holder).pid()
                    + ") died; instance " + renewer[0] + " renewed after " + seconds + " s");

            assertNotEquals(holder, renewer[0]);
            String after = leaseHolder(redis);
            assertTrue(after == null || !after.startsWith("pid" + fleet.app(holder).pid() + "-"),
                    "the dead instance holds no lease: " + after);
            assertEquals(0, fedex(sim).bans(), stats(sim));
        }
    }

    /** The value of the one lease key of the cluster, {@code pid<pid>-<random>:<fence>}, or null. */
    private static String leaseHolder(RedisServerProcess redis) {
        return redis.with(jedis -> {
            Set<String> keys = jedis.keys("it-lease:lease:*");
            return keys.isEmpty() ? null : jedis.get(keys.iterator().next());
        });
    }

    private static int instanceOf(Fleet fleet, String lease) {
        for (int i = 0; i < fleet.size(); i++) {
            if (lease.startsWith("pid" + fleet.app(i).pid() + "-")) {
                return i;
            }
        }
        throw new AssertionError("no instance holds lease " + lease);
    }
}
