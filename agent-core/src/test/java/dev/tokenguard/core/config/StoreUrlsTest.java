package dev.tokenguard.core.config;

import static dev.tokenguard.core.config.ConfigTexts.parse;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;

/** The forms tokenguard.store takes. */
class StoreUrlsTest {

    private static StoreLocation store(String value) throws ConfigException {
        return parse("carrier.fedex.preset=fedex", "tokenguard.store=" + value).store();
    }

    @Test
    void localInAnyCase() throws ConfigException {
        assertSame(StoreLocation.LOCAL, store("LOCAL"));
    }

    @Test
    void hostAndPort() throws ConfigException {
        assertEquals(new StoreLocation.Redis(false, "cache", 6379, null, null, 0), store("redis://cache:6379"));
    }

    @Test
    void tlsAndDatabase() throws ConfigException {
        assertEquals(new StoreLocation.Redis(true, "cache.internal", 6380, null, null, 3),
                store("rediss://cache.internal:6380/3"));
    }

    @Test
    void passwordAlone() throws ConfigException {
        assertEquals(new StoreLocation.Redis(false, "cache", 6379, null, "pw", 0), store("redis://:pw@cache:6379"));
        assertEquals(new StoreLocation.Redis(false, "cache", 6379, null, "pw", 0), store("redis://pw@cache:6379"));
    }

    @Test
    void userAndPercentEncodedPassword() throws ConfigException {
        assertEquals(new StoreLocation.Redis(false, "cache", 6379, "app", "p@ss:w+rd", 1),
                store("redis://app:p%40ss%3Aw+rd@cache:6379/1"));
    }

    @Test
    void passwordFromTheEnvironment() throws ConfigException {
        assertEquals("fedex-s3cret", ((StoreLocation.Redis) store("redis://:${FEDEX_CLIENT_SECRET}@cache:6379")).password());
    }

    @Test
    void ipv6Address() throws ConfigException {
        StoreLocation.Redis redis = (StoreLocation.Redis) store("redis://[::1]:6379");
        assertEquals("::1", redis.host());
        assertEquals("redis://[::1]:6379/0", redis.toString());
    }

    @Test
    void shownWithoutThePassword() throws ConfigException {
        assertEquals("redis://app:***@cache:6379/0", store("redis://app:pw@cache:6379").toString());
        assertEquals("redis://:***@cache:6379/0", store("redis://:pw@cache:6379").toString());
    }

    @Test
    void sentinelsAndTheMastersName() throws ConfigException {
        assertEquals(new StoreLocation.RedisSentinel(false, List.of(new StoreLocation.Address("s1", 26379),
                        new StoreLocation.Address("s2", 26380), new StoreLocation.Address("::1", 26381)), "mymaster",
                        null, null, 0, null, null),
                store("redis-sentinel://s1:26379,s2:26380,[::1]:26381/mymaster"));
    }

    @Test
    void sentinelWithTlsCredentialsAndDatabase() throws ConfigException {
        assertEquals(new StoreLocation.RedisSentinel(true, List.of(new StoreLocation.Address("s1", 26379)), "orders",
                        "app", "p@ss", 2, null, null),
                store("rediss-sentinel://app:p%40ss@s1:26379/orders/2"));
    }

    @Test
    void sentinelShownWithoutThePassword() throws ConfigException {
        assertEquals("redis-sentinel://:***@s1:26379,s2:26379/mymaster/0",
                store("redis-sentinel://:pw@s1:26379,s2:26379/mymaster").toString());
    }

    @Test
    void sentinelPasswordFromTheEnvironment() throws ConfigException {
        assertEquals("fedex-s3cret", ((StoreLocation.RedisSentinel)
                store("redis-sentinel://:${FEDEX_CLIENT_SECRET}@s1:26379/mymaster")).password());
    }

    @Test
    void sentinelErrorsSayWhatIsWrongWithoutQuotingTheValue() {
        assertProblem("redis-sentinel://:secret@s1:26379", "names no master after the Sentinels");
        assertProblem("redis-sentinel://:secret@s1:26379/", "needs the master's name");
        assertProblem("redis-sentinel://:secret@s1:26379,s2/mymaster", "Sentinel 2 of the Redis Sentinel URL needs host:port");
        assertProblem("redis-sentinel://:secret@s1:26379,s2:99999/mymaster", "Sentinel 2 of the Redis Sentinel URL has no valid port");
        assertProblem("redis-sentinel://:secret@s1:26379,/mymaster", "Sentinel 2 of the Redis Sentinel URL needs host:port");
        assertProblem("redis-sentinel://:secret@::1:26379/mymaster", "has a malformed host");
        assertProblem("redis-sentinel://:secret@s1:26379/mymaster/x", "the Redis database after the master's name");
        assertProblem("redis-sentinel://:secret@s1:26379/mymaster?x=1", "takes no query or fragment");
    }

    @Test
    void redisClusterIsRefusedSayingWhy() {
        assertProblem("redis-cluster://:secret@c1:7000,c2:7000", "Redis Cluster is not supported");
    }

    private static void assertProblem(String value, String problem) {
        ConfigException e = ConfigTexts.error("carrier.fedex.preset=fedex", "tokenguard.store=" + value);
        assertTrue(e.problem().contains(problem), e.getMessage());
        assertEquals("tokenguard.store", e.key());
        assertFalse(e.getMessage().contains("secret"), "the value is not quoted: " + e.getMessage());
    }
}
