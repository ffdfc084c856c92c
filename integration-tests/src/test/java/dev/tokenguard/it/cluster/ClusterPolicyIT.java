package dev.tokenguard.it.cluster;

import static dev.tokenguard.it.cluster.FleetChecks.fedex;
import static dev.tokenguard.it.cluster.FleetChecks.occurrences;
import static dev.tokenguard.it.cluster.FleetChecks.stats;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tokenguard.core.jmx.BlocksMBean;
import dev.tokenguard.core.testing.RedisServerProcess;
import dev.tokenguard.demo.carrier.ApiQuotaRules;
import dev.tokenguard.demo.carrier.ApiRate;
import dev.tokenguard.demo.carrier.Carrier;
import dev.tokenguard.demo.carrier.CarrierSimulator;
import dev.tokenguard.demo.carrier.SimulatorSettings;
import dev.tokenguard.it.support.Await;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Cluster-scoped policies (issue 13) on three instances sharing one client id and one Redis: a
 * {@code requests=150/5s} policy keeps the whole cluster within a carrier quota of 150 per 5 s that
 * instance-scoped counters overrun threefold; a block or a carrier's 429 on one instance refuses on
 * every instance within a second; and with Redis gone for a while each instance keeps to its third.
 */
class ClusterPolicyIT {
    private static final int INSTANCES = 3;
    private static final int USERS = 50;
    /**
     * The carrier's quota per client id and the policy's band: FedEx's rule (1,400 per 10 s), scaled
     * down so that a run of three windows lasts seconds.
     */
    private static final int QUOTA = 150;
    private static final Duration WINDOW = Duration.ofSeconds(5);
    private static final int QUOTA_SECONDS = 15;
    private static final Duration WITHIN = Duration.ofSeconds(60);
    /** What the feature promises for blocks and pauses reaching the other instances. */
    private static final Duration PROPAGATION = Duration.ofSeconds(1);
    private static final String SHARE_WARNING = "cluster-scoped policies keep to 1/";
    /** The store's one WARN of an outage names the policies' shares; its INFO names the return. */
    private static final String RECOVERY = "answers again: back in cluster mode";

    @Test
    void exactAndAsyncKeepTheClusterWithinTheQuotaThatInstanceScopeOverruns() throws Exception {
        List<String> modes = List.of("instance", "exact", "async");
        List<QuotaFigures> runs = new ArrayList<>();
        try (RedisServerProcess redis = RedisServerProcess.start()) {
            for (String mode : modes) {
                runs.add(quotaRun(redis.port(), mode));
            }
        }
        System.out.println(QuotaFigures.table("Cluster-scoped quota: " + INSTANCES + " instances x " + USERS
                + " users, one client id, " + QUOTA_SECONDS + " s per mode, carrier quota and policy " + QUOTA + " per "
                + WINDOW.toSeconds() + " s in fixed windows:", modes, runs));

        QuotaFigures instance = runs.get(0);
        assertTrue(instance.mostCalls() > QUOTA && instance.carrier429s() > 0,
                "instance-scoped counters should overrun the cluster's quota: " + instance);
        for (QuotaFigures cluster : runs.subList(1, runs.size())) {
            assertTrue(cluster.mostCalls() <= QUOTA, "a window over the quota: " + cluster);
            assertEquals(0, cluster.carrier429s(), cluster::toString);
            assertTrue(cluster.ok() > 0, cluster::toString);
        }
    }

    /** One fleet under one mode, a cluster name of its own, and a fresh simulator. */
    private static QuotaFigures quotaRun(int redisPort, String mode) throws Exception {
        try (CarrierSimulator sim = quotaSimulator()) {
            Path config = Fleet.agentConfig(sim, redisPort, "it-policy-" + mode, INSTANCES);
            addQuotaPolicy(config, mode);
            List<JsonNode> results;
            try (Fleet fleet = Fleet.start(INSTANCES, config, false)) {
                results = Fleet.await(fleet.naive(sim, USERS, QUOTA_SECONDS), QUOTA_SECONDS);
            }
            return QuotaFigures.of(fedex(sim), results);
        }
    }

    private static CarrierSimulator quotaSimulator() {
        return CarrierSimulator.start(SimulatorSettings.builder()
                .apiQuotas(Carrier.FEDEX, ApiQuotaRules.NONE.withRate(new ApiRate(QUOTA, WINDOW))).build());
    }

    /** {@code mode}: {@code instance}, or the {@code sync} of a cluster-scoped policy. */
    private static void addQuotaPolicy(Path config, String mode) throws IOException {
        List<String> lines = new ArrayList<>(List.of(
                "policy.quota.carrier=fedex",
                "policy.quota.requests=" + QUOTA + "/" + WINDOW.toSeconds() + "s",
                "policy.quota.per=credential",
                "policy.quota.max-wait=0s"));
        lines.add(mode.equals("instance") ? "policy.quota.scope=instance" : "policy.quota.sync=" + mode);
        Files.writeString(config, String.join("\n", lines) + "\n", StandardOpenOption.APPEND);
    }

    @Test
    void aBlockOnOneInstanceRefusesOnAllAndAnUnblockOnAnotherLiftsIt() throws Exception {
        try (RedisServerProcess redis = RedisServerProcess.start();
                CarrierSimulator sim = CarrierSimulator.start(SimulatorSettings.builder()
                        .client(Carrier.FEDEX, "blocked", RateQuotes.secret("blocked")).build());
                Fleet fleet = Fleet.start(INSTANCES, controlConfig(sim, redis.port(), "it-policy-block"), true)) {
            BlocksMBean[] blocks = new BlocksMBean[INSTANCES];
            RateQuotes[] quotes = new RateQuotes[INSTANCES];
            for (int i = 0; i < INSTANCES; i++) {
                blocks[i] = fleet.blocksBean(i);
                quotes[i] = RateQuotes.of(fleet.app(i), sim, "blocked");
                JsonNode reply = quotes[i].send();
                assertEquals(200, reply.path("status").asInt(), reply::toString);
            }

            String id = blocks[0].block("fedex", "", "/rate/**", "", "", "maintenance, cluster-wide");
            long blockedAt = System.nanoTime();
            for (int i = 1; i < INSTANCES; i++) {
                BlocksMBean bean = blocks[i];
                Await.until("instance " + i + " holds the block", WITHIN, () -> holds(bean, id), () -> "no block");
                long took = millisSince(blockedAt);
                System.out.println("a block made on instance 0 reached instance " + i + " in " + took + " ms");
                assertTrue(took <= PROPAGATION.toMillis(), "the block reached instance " + i + " in " + took + " ms");
            }
            long carrierCalls = apiCalls(sim);
            for (int i = 0; i < INSTANCES; i++) {
                JsonNode reply = quotes[i].send();
                assertEquals(403, reply.path("status").asInt(), reply::toString);
                assertTrue(RateQuotes.field(reply).startsWith("block " + id), reply::toString);
            }
            assertEquals(carrierCalls, apiCalls(sim), "blocked calls reached the carrier");

            assertTrue(blocks[INSTANCES - 1].unblock(id));
            long unblockedAt = System.nanoTime();
            Await.until("instance 0 lifts the block", WITHIN, () -> !holds(blocks[0], id), () -> "still blocked");
            long took = millisSince(unblockedAt);
            System.out.println("an unblock on instance " + (INSTANCES - 1) + " reached instance 0 in " + took + " ms");
            assertTrue(took <= PROPAGATION.toMillis(), "the unblock reached instance 0 in " + took + " ms");
            for (int i = 0; i < INSTANCES; i++) {
                JsonNode reply = quotes[i].send();
                assertEquals(200, reply.path("status").asInt(), reply::toString);
            }
        }
    }

    @Test
    void aCarriers429WithRetryAfterOnOneInstancePausesThePolicyOnTheOthers() throws Exception {
        int carrierQuota = 10;
        try (RedisServerProcess redis = RedisServerProcess.start();
                CarrierSimulator sim = CarrierSimulator.start(SimulatorSettings.builder()
                        .client(Carrier.FEDEX, "paused", RateQuotes.secret("paused"))
                        .apiQuotas(Carrier.FEDEX, ApiQuotaRules.NONE.withRate(new ApiRate(carrierQuota, WINDOW))
                                .withRetryAfter(Duration.ofSeconds(30)))
                        .build());
                Fleet fleet = Fleet.start(INSTANCES, controlConfig(sim, redis.port(), "it-policy-pause"), false)) {
            RateQuotes[] quotes = new RateQuotes[INSTANCES];
            for (int i = 0; i < INSTANCES; i++) {
                // A first call, so that each instance has the policy's counter of this credential.
                quotes[i] = RateQuotes.of(fleet.app(i), sim, "paused");
                JsonNode reply = quotes[i].send();
                assertEquals(200, reply.path("status").asInt(), reply::toString);
            }

            long[] sentLast = new long[1];
            JsonNode[] last = new JsonNode[1];
            Await.until("instance 0 gets the carrier's 429", WITHIN, () -> {
                sentLast[0] = System.nanoTime();
                last[0] = quotes[0].send();
                return last[0].path("status").asInt() == 429;
            }, () -> "last reply " + last[0] + "; " + stats(sim));
            assertFalse(RateQuotes.byAgent(last[0]), "the first 429 is the carrier's: " + last[0]);
            for (int i = 1; i < INSTANCES; i++) {
                int instance = i;
                Await.until("instance " + i + " hears of the pause", WITHIN,
                        () -> fleet.log(instance).contains("another instance had a 429; policy quota"), () -> "not paused");
                long took = millisSince(sentLast[0]);
                System.out.println("a carrier's 429 on instance 0 paused instance " + i + " within " + took
                        + " ms of sending the call it answered");
                assertTrue(took <= PROPAGATION.toMillis(), "the pause reached instance " + i + " in " + took + " ms");
            }
            long carrierCalls = apiCalls(sim);
            for (int i = 1; i < INSTANCES; i++) {
                JsonNode reply = quotes[i].send();
                assertEquals(429, reply.path("status").asInt(), reply::toString);
                assertTrue(RateQuotes.field(reply).startsWith("policy quota: the carrier answered 429"), reply::toString);
            }
            assertEquals(carrierCalls, apiCalls(sim), "paused calls reached the carrier");
        }
    }

    /** FedEx on the simulator, in the cluster {@code cluster}, with a cluster-scoped policy far above what the calls need. */
    private static Path controlConfig(CarrierSimulator sim, int redisPort, String cluster) throws IOException {
        Path config = Fleet.agentConfig(sim, redisPort, cluster, INSTANCES);
        Files.writeString(config, String.join("\n",
                "policy.quota.carrier=fedex",
                "policy.quota.requests=1000/10s",
                "policy.quota.per=credential",
                "policy.quota.max-wait=0s",
                "policy.quota.sync=exact") + "\n", StandardOpenOption.APPEND);
        return config;
    }

    /**
     * Redis killed a third into a quota run and started again, empty, two thirds in: each instance
     * says once that it keeps to its share and once that it counts in the cluster again. The outage
     * lasts longer than the window, so no fixed window holds calls of the cluster's counting both
     * before and after it: a window holds at most the cluster's quota (its places) and what the three
     * shares of a third each admit beside it.
     */
    @Test
    void withRedisGoneEachInstanceKeepsToItsShareAndComesBack() throws Exception {
        int seconds = 18;
        long bound = QUOTA + INSTANCES * (QUOTA / INSTANCES);
        try (RedisServerProcess redis = RedisServerProcess.start();
                CarrierSimulator sim = quotaSimulator()) {
            Path config = Fleet.agentConfig(sim, redis.port(), "it-policy-outage", INSTANCES);
            addQuotaPolicy(config, "exact");
            try (Fleet fleet = Fleet.start(INSTANCES, config, false)) {
                long started = System.nanoTime();
                List<Future<JsonNode>> runs = fleet.naive(sim, USERS, seconds);
                Await.until("a third of the run", WITHIN, () -> millisSince(started) >= seconds * 1000L / 3, () -> "");
                redis.kill();
                long killedAt = System.nanoTime();
                for (int i = 0; i < INSTANCES; i++) {
                    int instance = i;
                    Await.until("instance " + i + " keeps to its share", WITHIN,
                            () -> fleet.log(instance).contains(SHARE_WARNING + INSTANCES), () -> "no warning");
                }
                Await.until("two thirds of the run, and a window after the kill", WITHIN,
                        () -> millisSince(started) >= seconds * 2000L / 3 && millisSince(killedAt) > WINDOW.toMillis() + 1000,
                        () -> "");
                redis.restart();
                for (int i = 0; i < INSTANCES; i++) {
                    int instance = i;
                    Await.until("instance " + i + " counts in the cluster again", WITHIN,
                            () -> fleet.log(instance).contains(RECOVERY), () -> "no recovery");
                }
                // The carrier's figures once every user is done, not before.
                List<JsonNode> results = Fleet.await(runs, seconds);
                QuotaFigures figures = QuotaFigures.of(fedex(sim), results);
                System.out.println(QuotaFigures.table("Redis killed at " + seconds / 3 + " s and started again at "
                        + seconds * 2 / 3 + " s of " + seconds + " s, sync=exact, " + INSTANCES
                        + " instances each keeping to 1/" + INSTANCES + " meanwhile (bound " + bound + " a window):",
                        List.of("outage"), List.of(figures)));

                assertTrue(figures.mostCalls() <= bound, "a window over " + bound + ": " + figures);
                for (int i = 0; i < INSTANCES; i++) {
                    assertEquals(1, occurrences(fleet.log(i), SHARE_WARNING), "one warning, instance " + i);
                    assertEquals(1, occurrences(fleet.log(i), RECOVERY), "one recovery, instance " + i);
                }
            }
        }
    }

    private static boolean holds(BlocksMBean bean, String id) {
        for (String line : bean.getBlocks()) {
            if (line.startsWith(id + " ")) {
                return true;
            }
        }
        return false;
    }

    /** Every API call the carrier answered, whatever its answer. */
    private static long apiCalls(CarrierSimulator sim) {
        return fedex(sim).apiCallsByStatus().values().stream().mapToLong(Long::longValue).sum();
    }

    private static long millisSince(long nanos) {
        return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - nanos);
    }
}
