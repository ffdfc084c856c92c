package dev.tokenguard.it.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tokenguard.core.testing.RedisServerProcess;
import dev.tokenguard.demo.carrier.Carrier;
import dev.tokenguard.demo.carrier.CarrierSimulator;
import dev.tokenguard.demo.carrier.SimulatorSettings;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The seed's storm on four instances behind one address, FedEx's rules, 5-second tokens that revoke
 * their predecessors: on Redis the four behave as one, and the carrier sees the single-JVM design
 * limit of real token calls. The same run in local mode is printed beside it for comparison.
 */
class ClusterStormIT {
    private static final Duration LIFETIME = Duration.ofSeconds(5);
    /** What the simulator announces for it, as FedEx announces its hour: {@code expires_in} 4 (3599). */
    private static final Duration ANNOUNCED = Duration.ofSeconds(4);
    /** The default refresh-ahead: a tenth of the lifetime, as it is under 5 minutes. */
    private static final Duration REFRESH_AHEAD = ANNOUNCED.dividedBy(10);
    private static final int INSTANCES = 4;
    private static final int USERS = 50;
    private static final int SECONDS = 12;

    @Test
    void fourInstancesOnRedisMakeTheRealTokenCallsOfOne() throws Exception {
        Figures cluster;
        Figures local;
        try (RedisServerProcess redis = RedisServerProcess.start()) {
            cluster = run(redis.port());
        }
        local = run(null);
        System.out.println(Figures.table(INSTANCES + " instances x " + USERS + " users, " + SECONDS + " s, FedEx rules, "
                + LIFETIME.toSeconds() + " s tokens revoking their predecessors:", "redis", cluster, "local", local));

        assertEquals(0, cluster.bans(), cluster::toString);
        assertEquals(0, cluster.failed(), cluster::toString);
        assertTrue(cluster.ok() > INSTANCES * USERS, cluster::toString);
        long designLimit = 1 + Duration.ofSeconds(SECONDS).toMillis() / ANNOUNCED.minus(REFRESH_AHEAD).toMillis();
        assertTrue(cluster.tokenCalls() <= designLimit,
                "real token calls " + cluster.tokenCalls() + " over the design limit " + designLimit);
        assertTrue(cluster.tokenCalls() >= designLimit - 1, "renewals did not keep up: " + cluster.tokenCalls());
    }

    private static Figures run(Integer redisPort) throws Exception {
        try (CarrierSimulator sim = CarrierSimulator.start(
                SimulatorSettings.builder().tokenLifetime(LIFETIME).revokePrevious(true).build())) {
            Path config = Fleet.agentConfig(sim, redisPort, "it-storm", INSTANCES);
            List<JsonNode> results;
            try (Fleet fleet = Fleet.start(INSTANCES, config, false)) {
                results = Fleet.await(fleet.naive(sim, USERS, SECONDS), SECONDS);
            }
            return Figures.of(sim.stats().of(Carrier.FEDEX), results);
        }
    }
}
