package dev.tokenguard.it.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tokenguard.core.jmx.CarrierMBean;
import dev.tokenguard.demo.carrier.Carrier;
import dev.tokenguard.demo.carrier.CarrierSimulator;
import dev.tokenguard.demo.carrier.CarrierStats;
import dev.tokenguard.demo.carrier.SimulatorSettings;
import dev.tokenguard.core.testing.RedisServerProcess;
import dev.tokenguard.it.support.Await;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The kill-switch tripped over remote JMX on one instance of a cluster stops every instance (the
 * test prints how soon); a reset on another starts them all again.
 */
class ClusterKillSwitchJmxIT {
    private static final int INSTANCES = 3;
    private static final int USERS = 10;
    /** Long enough that the load outlasts every wait below, each of which may take long on a busy machine. */
    private static final int SECONDS = 30;
    private static final Duration WITHIN = Duration.ofSeconds(20);
    /**
     * Pub/sub delivers a trip in milliseconds (the test prints how long it took); the bound leaves
     * room for a machine so busy that the JMX round trips that observe it take seconds.
     */
    private static final Duration PROPAGATION = Duration.ofSeconds(5);

    @Test
    void aTripOnOneInstanceStopsAllAndAResetOnAnotherStartsAll() throws Exception {
        try (RedisServerProcess redis = RedisServerProcess.start();
                CarrierSimulator sim = CarrierSimulator.start(SimulatorSettings.defaults());
                Fleet fleet = Fleet.start(INSTANCES, Fleet.agentConfig(sim, redis.port(), "it-jmx", INSTANCES), true)) {
            CarrierMBean[] beans = new CarrierMBean[INSTANCES];
            for (int i = 0; i < INSTANCES; i++) {
                beans[i] = fleet.carrierBean(i, "fedex");
            }
            List<Future<JsonNode>> runs = fleet.naive(sim, USERS, SECONDS);
            Await.until("the carrier sees the load", WITHIN, () -> requests(sim) > 5L * INSTANCES * USERS, () -> stats(sim));

            beans[0].tripKillSwitch("operator stop, cluster-wide");
            long trippedAt = System.nanoTime();
            for (int i = 1; i < INSTANCES; i++) {
                CarrierMBean bean = beans[i];
                Await.until("instance " + i + " tripped", PROPAGATION, bean::isKillSwitchTripped, () -> "not tripped");
                assertEquals("operator stop, cluster-wide", bean.getKillSwitchReason());
            }
            System.out.println("kill-switch reached every instance in "
                    + TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - trippedAt) + " ms");
            long refused = totalRefused(beans);
            Await.until("users everywhere meet the switch", WITHIN,
                    () -> totalRefused(beans) >= refused + 10L * INSTANCES * USERS, () -> "refused " + totalRefused(beans));
            long quietFrom = requests(sim);
            Await.until("users keep meeting it", WITHIN,
                    () -> totalRefused(beans) >= refused + 20L * INSTANCES * USERS, () -> "refused " + totalRefused(beans));
            assertEquals(quietFrom, requests(sim), "nothing reached the carrier while the switch was tripped");
            for (CarrierMBean bean : beans) {
                assertTrue(bean.getRefused() > 0, "every instance refused");
            }

            beans[INSTANCES - 1].setKillSwitchTripped(false);
            for (int i = 0; i < INSTANCES - 1; i++) {
                CarrierMBean bean = beans[i];
                Await.until("instance " + i + " reset", PROPAGATION, () -> !bean.isKillSwitchTripped(), () -> "tripped");
            }
            long atReset = requests(sim);
            Await.until("traffic flows again", WITHIN, () -> requests(sim) >= atReset + INSTANCES * USERS, () -> stats(sim));

            for (JsonNode result : Fleet.await(runs, SECONDS)) {
                long refusedByAgent = result.path("failed").path("refused-by-agent").asLong();
                assertEquals(refusedByAgent, result.path("failedTotal").asLong(), "no other failure: " + result);
            }
        }
    }

    private static long totalRefused(CarrierMBean[] beans) {
        long total = 0;
        for (CarrierMBean bean : beans) {
            total += bean.getRefused();
        }
        return total;
    }

    /** Every request the carrier answered: token calls and API calls. */
    private static long requests(CarrierSimulator sim) {
        CarrierStats fedex = sim.stats().of(Carrier.FEDEX);
        return fedex.tokenCalls() + fedex.apiCallsByStatus().values().stream().mapToLong(Long::longValue).sum();
    }

    private static String stats(CarrierSimulator sim) {
        return sim.stats().of(Carrier.FEDEX).toString();
    }
}
