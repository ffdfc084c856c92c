package dev.tokenguard.it.cluster;

import static dev.tokenguard.it.cluster.FleetChecks.fedex;
import static dev.tokenguard.it.cluster.FleetChecks.occurrences;
import static dev.tokenguard.it.cluster.FleetChecks.stats;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tokenguard.core.testing.RedisServerProcess;
import dev.tokenguard.demo.carrier.CarrierSimulator;
import dev.tokenguard.demo.carrier.SimulatorSettings;
import dev.tokenguard.it.support.Await;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/**
 * Redis killed in the middle of a cluster's run and started again, empty: no instance opens the
 * floodgates. Each says once that it fell back to its share of the budget, keeps renewing alone
 * within it, and returns to cluster mode when Redis answers again.
 */
class RedisOutageIT {
    private static final int INSTANCES = 3;
    private static final int USERS = 30;
    /** Long enough that the load outlasts every wait below, each of which may take long on a busy machine. */
    private static final int SECONDS = 40;
    /** Generous: seen taking 8 s for the first renewal with the machine busy. */
    private static final Duration WITHIN = Duration.ofSeconds(60);
    private static final String WARNING = "unreachable (";
    private static final String RECOVERY = "answers again: back in cluster mode";

    @Test
    void noBanNoBurstOneWarningAndARecovery() throws Exception {
        try (RedisServerProcess redis = RedisServerProcess.start();
                CarrierSimulator sim = CarrierSimulator.start(SimulatorSettings.builder()
                        .tokenLifetime(Duration.ofSeconds(5)).revokePrevious(true).build());
                Fleet fleet = Fleet.start(INSTANCES, Fleet.agentConfig(sim, redis.port(), "it-outage", INSTANCES), false)) {
            List<Future<JsonNode>> runs = fleet.naive(sim, USERS, SECONDS);
            Await.until("one renewal in cluster mode", WITHIN, () -> fedex(sim).tokensIssued() >= 2, () -> stats(sim));

            redis.kill();
            long issuedAtKill = fedex(sim).tokensIssued();
            for (int i = 0; i < INSTANCES; i++) {
                int instance = i;
                Await.until("instance " + i + " warns", WITHIN, () -> fleet.log(instance).contains(WARNING),
                        () -> "no warning");
            }
            Await.until("a renewal without Redis", WITHIN, () -> fedex(sim).tokensIssued() > issuedAtKill, () -> stats(sim));

            redis.restart();
            for (int i = 0; i < INSTANCES; i++) {
                int instance = i;
                Await.until("instance " + i + " recovers", WITHIN, () -> fleet.log(instance).contains(RECOVERY),
                        () -> "no recovery");
            }
            Await.until("the cluster's token is in Redis again", WITHIN,
                    () -> !redis.with(jedis -> jedis.keys("it-outage:token:*")).isEmpty(), () -> "no token key");

            List<JsonNode> results = Fleet.await(runs, SECONDS);
            System.out.println("Redis killed and restarted during " + INSTANCES + " instances x " + USERS + " users: "
                    + Figures.of(fedex(sim), results) + ", token calls by second " + fedex(sim).tokenCallsPerSecond());
            assertEquals(0, fedex(sim).bans(), stats(sim));
            assertTrue(mostInAnyFiveSeconds(fedex(sim).tokenCallsPerSecond()) < 15,
                    "FedEx's burst rule: 3 a second for 5 s; " + stats(sim));
            for (int i = 0; i < INSTANCES; i++) {
                assertEquals(1, occurrences(fleet.log(i), WARNING), "one warning per outage, instance " + i);
            }
        }
    }

    /** An upper bound for any 5-second window: six whole seconds around it. */
    private static int mostInAnyFiveSeconds(List<Integer> perSecond) {
        int most = 0;
        for (int from = 0; from < perSecond.size(); from++) {
            int sum = 0;
            for (int i = from; i < Math.min(perSecond.size(), from + 6); i++) {
                sum += perSecond.get(i);
            }
            most = Math.max(most, sum);
        }
        return most;
    }
}
