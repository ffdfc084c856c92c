package dev.tokenguard.core.store.redis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tokenguard.core.broker.TokenStore;
import dev.tokenguard.core.config.StoreLocation;
import dev.tokenguard.core.testing.CapturingLogger;
import dev.tokenguard.core.testing.Eventually;
import dev.tokenguard.core.testing.RedisServerProcess;
import java.time.Duration;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.junit.jupiter.api.Test;
import org.slf4j.event.Level;

/**
 * A connection to the master the Sentinels name follows a failover made by hand ({@code SENTINEL
 * FAILOVER}, the old master alive and demoted): writes land on the promoted replica and the
 * subscription hears what is published there.
 */
class SentinelFollowTest {
    private static final String MASTER = "follow-test";
    private static final String CHANNEL = "test:announcements";
    private static final Duration WITHIN = Duration.ofSeconds(30);

    @Test
    void aFailoverByHandMovesWritesAndTheSubscriptionToThePromotedReplica() throws Exception {
        try (RedisServerProcess master = RedisServerProcess.start();
                RedisServerProcess replica = RedisServerProcess.startReplicaOf(master);
                RedisServerProcess sentinel = RedisServerProcess.startSentinel(MASTER, master, 1)) {
            Eventually.until("the Sentinel knows the replica, which is in sync", WITHIN,
                    () -> sentinel.with(jedis -> jedis.sentinelReplicas(MASTER).size()) == 1
                            && replica.with(jedis -> jedis.info("replication")).contains("master_link_status:up"),
                    () -> "not ready");
            CapturingLogger log = new CapturingLogger(Level.INFO);
            Queue<String> heard = new ConcurrentLinkedQueue<>();
            StoreLocation.RedisSentinel location = new StoreLocation.RedisSentinel(false,
                    List.of(new StoreLocation.Address("127.0.0.1", sentinel.port())), MASTER, null, null, 0, null, null);
            try (RedisConnection connection = new RedisConnection(location, log, 2)) {
                connection.onChannel(CHANNEL, heard::add);
                connection.start();
                Eventually.until("it hears the master", WITHIN, () -> publishedAndHeard(master, heard, "before"),
                        log::allText);

                sentinel.with(jedis -> jedis.sentinelFailover(MASTER));
                // Sentinel's failover kills the promoted server's clients (CLIENT KILL): a poll may meet that.
                Eventually.until("the replica is promoted", WITHIN, () -> {
                    try {
                        return "master".equals(replica.with(jedis -> String.valueOf(jedis.role().get(0))));
                    } catch (RuntimeException failingOver) {
                        return false;
                    }
                }, () -> "not yet");
                Eventually.until("it hears the promoted replica", WITHIN, () -> publishedAndHeard(replica, heard, "after"),
                        log::allText);
                Eventually.until("its writes land on the promoted replica", WITHIN, () -> {
                    try {
                        connection.call(jedis -> jedis.set("test:written", "after"));
                        return "after".equals(replica.with(jedis -> jedis.get("test:written")));
                    } catch (RuntimeException failingOver) {
                        return false;
                    }
                }, log::allText);
            }
            assertTrue(log.messages(Level.ERROR).isEmpty(), log.allText());
            int warnings = log.messages(Level.WARN).size();
            assertTrue(warnings <= 1, "at most one WARN for the failover: " + log.allText());
            assertEquals(warnings, count(log.messages(Level.INFO), "answers again"), "a recovery for each WARN: "
                    + log.allText());
            System.out.println("SENTINEL FAILOVER followed; the connection logged:\n" + log.allText());
        }
    }

    @Test
    void aMasterNameNoSentinelMonitorsIsSaidInTheWarning() throws Exception {
        try (RedisServerProcess master = RedisServerProcess.start();
                RedisServerProcess sentinel = RedisServerProcess.startSentinel(MASTER, master, 1)) {
            CapturingLogger log = new CapturingLogger(Level.INFO);
            StoreLocation.RedisSentinel location = new StoreLocation.RedisSentinel(false,
                    List.of(new StoreLocation.Address("127.0.0.1", sentinel.port())), "misspelt", null, null, 0, null,
                    null);
            try (RedisConnection connection = new RedisConnection(location, log, 2)) {
                assertThrows(TokenStore.Unavailable.class, () -> connection.call(jedis -> jedis.get("test:any")));
            }
            assertEquals(List.of("Redis at redis-sentinel://127.0.0.1:" + sentinel.port() + "/misspelt/0 unreachable "
                    + "(JedisConnectionException: no Sentinel monitors a master named misspelt): cluster mode suspended; "
                    + "this instance renews tokens on its own and keeps to 1/2 of every token-rate band until Redis "
                    + "answers again; cluster-scoped policies keep to 1/2 of their requests bands"), log.messages(Level.WARN));
        }
    }

    private static boolean publishedAndHeard(RedisServerProcess server, Queue<String> heard, String message) {
        server.with(jedis -> jedis.publish(CHANNEL, message));
        return heard.contains(message);
    }

    private static long count(List<String> messages, String part) {
        return messages.stream().filter(m -> m.contains(part)).count();
    }
}
