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
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/**
 * A Sentinel failover in the middle of a storm: one master, one replica and three Sentinels, two
 * instances on {@code redis-sentinel://}, the master killed. Each instance says once that Redis is
 * unreachable, keeps to its share meanwhile, and comes back in cluster mode on the promoted replica;
 * the carrier sees no ban and never more token calls in a second than there are instances.
 */
class SentinelFailoverIT {
    private static final String MASTER = "tokenguard-it";
    private static final String CLUSTER = "it-sentinel";
    private static final int INSTANCES = 2;
    private static final int USERS = 30;
    private static final int SECONDS = 30;
    /**
     * FedEx's preset token-rate is 1 a second, for the cluster's bucket; while Redis is unreachable each
     * instance keeps to its share (1 in 2 s), charged with its own last call through the bucket. In the
     * second of the failover the carrier may so see the cluster's call and the other instance's: never
     * more than one call per instance in a second, what the preset allows two JVMs without a store
     * (FedEx bans at 3 a second sustained for 5 s).
     */
    private static final int MOST_IN_A_SECOND = INSTANCES;
    private static final Duration WITHIN = Duration.ofSeconds(60);
    private static final String WARNING = "unreachable (";
    private static final String RECOVERY = "answers again: back in cluster mode";

    @Test
    void noBanNoBurstOneWarningAndARecoveryOnThePromotedReplica() throws Exception {
        try (RedisServerProcess master = RedisServerProcess.start();
                RedisServerProcess replica = RedisServerProcess.startReplicaOf(master);
                RedisServerProcess sentinel1 = RedisServerProcess.startSentinel(MASTER, master, 2);
                RedisServerProcess sentinel2 = RedisServerProcess.startSentinel(MASTER, master, 2);
                RedisServerProcess sentinel3 = RedisServerProcess.startSentinel(MASTER, master, 2);
                CarrierSimulator sim = CarrierSimulator.start(SimulatorSettings.builder()
                        .tokenLifetime(Duration.ofSeconds(5)).revokePrevious(true).build())) {
            List<RedisServerProcess> sentinels = List.of(sentinel1, sentinel2, sentinel3);
            awaitSentinelsReady(sentinels, replica);
            String store = "redis-sentinel://127.0.0.1:" + sentinel1.port() + ",127.0.0.1:" + sentinel2.port()
                    + ",127.0.0.1:" + sentinel3.port() + "/" + MASTER;

            try (Fleet fleet = Fleet.start(INSTANCES, Fleet.agentConfig(sim, store, CLUSTER, INSTANCES), false)) {
                List<Future<JsonNode>> runs = fleet.naive(sim, USERS, SECONDS);
                Await.until("one renewal in cluster mode", WITHIN, () -> fedex(sim).tokensIssued() >= 2,
                        () -> stats(sim));
                Await.until("the token is on the replica", WITHIN,
                        () -> !replica.with(jedis -> jedis.keys(CLUSTER + ":token:*")).isEmpty(), () -> "no token key");

                int killedAtSecond = fedex(sim).tokenCallsPerSecond().size();
                master.kill();
                for (int i = 0; i < INSTANCES; i++) {
                    int instance = i;
                    Await.until("instance " + i + " recovers on the promoted replica", WITHIN,
                            () -> fleet.log(instance).contains(RECOVERY), () -> logOf(fleet, instance));
                }
                assertEquals("master", replica.with(jedis -> String.valueOf(jedis.role().get(0))), "the Sentinels promoted the replica");
                long issuedAtRecovery = fedex(sim).tokensIssued();
                Await.until("a renewal after the failover", WITHIN, () -> fedex(sim).tokensIssued() > issuedAtRecovery,
                        () -> stats(sim));
                Await.until("the cluster's token is on the new master", WITHIN,
                        () -> !replica.with(jedis -> jedis.keys(CLUSTER + ":token:*")).isEmpty(), () -> "no token key");

                List<JsonNode> results = Fleet.await(runs, SECONDS);
                List<Integer> perSecond = fedex(sim).tokenCallsPerSecond();
                System.out.println("Sentinel failover (master killed at second " + killedAtSecond + ") during "
                        + INSTANCES + " instances x " + USERS + " users, " + SECONDS + " s: " + Figures.of(fedex(sim), results)
                        + ", token calls by second " + perSecond);
                assertEquals(0, fedex(sim).bans(), stats(sim));
                for (int second = 0; second < perSecond.size(); second++) {
                    assertTrue(perSecond.get(second) <= MOST_IN_A_SECOND,
                            "second " + second + " saw " + perSecond.get(second) + " token calls: " + perSecond);
                }
                for (int i = 0; i < INSTANCES; i++) {
                    assertEquals(1, occurrences(fleet.log(i), WARNING), "one warning of the failover, instance " + i);
                    assertEquals(1, occurrences(fleet.log(i), RECOVERY), "one recovery, instance " + i);
                }
                assertEquals(0, Figures.of(fedex(sim), results).failed(), "user calls failed: " + results);
            }
        }
    }

    /**
     * A failover needs the Sentinels to know the replica and each other (they meet through the
     * master's hello channel, every 2 s), and the replica to hold the master's data.
     */
    private static void awaitSentinelsReady(List<RedisServerProcess> sentinels, RedisServerProcess replica)
            throws Exception {
        for (RedisServerProcess sentinel : sentinels) {
            Await.until("a Sentinel knows the replica and the other Sentinels", WITHIN,
                    () -> sentinel.with(jedis -> jedis.sentinelReplicas(MASTER).size() == 1
                            && jedis.sentinelSentinels(MASTER).size() == sentinels.size() - 1),
                    () -> "Sentinel on " + sentinel.port() + " not ready");
        }
        Await.until("the replica is in sync", WITHIN,
                () -> replica.with(jedis -> jedis.info("replication").contains("master_link_status:up")),
                () -> "replica not in sync");
    }

    private static String logOf(Fleet fleet, int instance) {
        try {
            return fleet.log(instance);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
