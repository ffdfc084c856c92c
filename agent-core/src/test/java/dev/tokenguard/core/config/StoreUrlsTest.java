package dev.tokenguard.core.config;

import static dev.tokenguard.core.config.ConfigTexts.parse;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

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
}
