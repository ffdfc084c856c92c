package dev.tokenguard.core.store.redis;

import static dev.tokenguard.core.testing.Requests.accessToken;
import static dev.tokenguard.core.testing.Requests.fedexToken;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.tokenguard.core.broker.SharedToken;
import dev.tokenguard.core.broker.StoreKey;
import dev.tokenguard.core.config.CarrierConfig;
import dev.tokenguard.core.testing.CapturingLogger;
import dev.tokenguard.core.testing.ClusterNode;
import dev.tokenguard.core.testing.FakeCarrier;
import dev.tokenguard.core.testing.ManualClock;
import dev.tokenguard.core.testing.RedisServerProcess;
import dev.tokenguard.core.testing.TestCarriers;
import dev.tokenguard.core.time.TimeSource;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.event.Level;

/** Defect 5: a value in Redis is served only under the key it was sealed for, by an instance with the secret. */
class SealedTokensTest {
    private static final StoreKey A = StoreKey.forSecret("fedex:aaaa", "secret-a");
    private static final StoreKey B = StoreKey.forSecret("fedex:bbbb", "secret-b");
    private static final CarrierConfig FEDEX = TestCarriers.fedex().tokenWait(Duration.ofSeconds(5)).build();
    private static RedisServerProcess redis;

    @BeforeAll
    static void startRedis() throws Exception {
        redis = RedisServerProcess.start();
    }

    @AfterAll
    static void stopRedis() throws Exception {
        redis.close();
    }

    @BeforeEach
    void emptyRedis() {
        redis.with(jedis -> jedis.flushAll());
    }

    private static RedisClusterStore store(CapturingLogger log) {
        return new RedisClusterStore(redis.location(), "sealed", 2, TimeSource.system(), log, Duration.ofSeconds(3));
    }

    private static SharedToken token(String value) {
        String json = "{\"access_token\":\"" + value + "\",\"expires_in\":3600}";
        return new SharedToken(json.getBytes(StandardCharsets.UTF_8), 1_800_000, 3_600_000);
    }

    private static void copy(String from, String to) {
        redis.with(jedis -> {
            Map<String, String> value = jedis.hgetAll(from);
            return jedis.hset(to, value);
        });
    }

    private static long warnings(CapturingLogger log) {
        return log.messages(Level.WARN).stream().filter(m -> m.contains("does not carry this credential's seal")).count();
    }

    @Test
    void aValueIsReadBackUnderItsOwnKey() {
        try (RedisClusterStore store = store(new CapturingLogger(Level.DEBUG))) {
            store.tokens().lease(A).publish(token("token-of-a"));

            SharedToken read = store.tokens().read(A);

            assertNotNull(read);
            assertEquals(new String(token("token-of-a").body(), StandardCharsets.UTF_8), new String(read.body(), StandardCharsets.UTF_8));
        }
    }

    @Test
    void oneCredentialsValueCopiedOverAnothersKeyIsIgnoredWithOneWarning() {
        CapturingLogger log = new CapturingLogger(Level.DEBUG);
        try (RedisClusterStore store = store(log)) {
            store.tokens().lease(A).publish(token("token-of-a"));
            copy("sealed:token:" + A.name(), "sealed:token:" + B.name());

            assertNull(store.tokens().read(B));
            assertNull(store.tokens().read(B));
            assertEquals(1, warnings(log), log.allText());
        }
    }

    @Test
    void aTamperedTimeIsIgnored() {
        CapturingLogger log = new CapturingLogger(Level.DEBUG);
        try (RedisClusterStore store = store(log)) {
            store.tokens().lease(A).publish(token("token-of-a"));
            redis.with(jedis -> jedis.hset("sealed:token:" + A.name(), "expires_at", "9999999999999999"));

            assertNull(store.tokens().read(A));
            assertEquals(1, warnings(log), log.allText());
        }
    }

    @Test
    void neitherTheSecretNorTheSealKeyGoesToRedis() {
        try (RedisClusterStore store = store(new CapturingLogger(Level.DEBUG))) {
            store.tokens().lease(A).publish(token("token-of-a"));

            Set<String> keys = redis.with(jedis -> jedis.keys("*"));
            for (String key : keys) {
                String dump = redis.with(jedis -> jedis.type(key).equals("hash") ? jedis.hgetAll(key).toString() : jedis.get(key));
                assertFalse(dump.contains("secret-a"), key + ": " + dump);
            }
        }
    }

    @Test
    void aTokenCopiedFromAnotherCredentialIsNeverServedToIt() {
        FakeCarrier carrier = new FakeCarrier(new ManualClock(), FakeCarrier.Shape.FEDEX, 3600);
        try (ClusterNode a = new ClusterNode(redis, carrier, FEDEX); ClusterNode b = new ClusterNode(redis, carrier, FEDEX)) {
            String ofB = accessToken(b.decide(fedexToken("id-b", "secret-b")));
            Set<String> keyOfB = redis.with(jedis -> jedis.keys("test:token:*"));
            String ofA = accessToken(a.decide(fedexToken("id-a", "secret-a")));
            String keyOfA = redis.with(jedis -> jedis.keys("test:token:*")).stream()
                    .filter(k -> !keyOfB.contains(k)).findFirst().orElseThrow();
            copy(keyOfA, keyOfB.iterator().next());

            b.control("fedex").invalidateTokens();
            String renewed = accessToken(b.decide(fedexToken("id-b", "secret-b")));

            assertNotEquals(ofA, renewed, "A's token served to B");
            assertNotEquals(ofB, renewed);
            assertEquals(3, carrier.calls());
        }
    }
}
