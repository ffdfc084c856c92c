package dev.tokenguard.core.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The tokenguard.store.* keys: passwords taken as they are, TLS files, and where each applies. */
class StoreSettingsTest {
    /** A password a URL could not hold without %-encoding. */
    private static final Map<String, String> ENV = Map.of("REDIS_PASSWORD", "p@ss/w:rd#1", "SENTINEL_PASSWORD",
            "s3ntinel", "KEY_STORE_PASSWORD", "ks-secret", "TRUST_STORE_PASSWORD", "ts-secret");

    private static TokenguardConfig parse(String... lines) throws ConfigException {
        String[] all = new String[lines.length + 1];
        all[0] = "carrier.fedex.preset=fedex";
        System.arraycopy(lines, 0, all, 1, lines.length);
        return new ConfigParser(ENV::get, name -> null).parse(ConfigTexts.text(all), ConfigTexts.SOURCE);
    }

    private static ConfigException error(String... lines) {
        return assertThrows(ConfigException.class, () -> parse(lines));
    }

    @Test
    void aPasswordFromTheEnvironmentInTheUrlWhereItNeedsNoEncoding() throws ConfigException {
        TokenguardConfig config = new ConfigParser(Map.of("REDIS_PASSWORD", "plain-s3cret")::get, name -> null)
                .parse(ConfigTexts.text("carrier.fedex.preset=fedex", "tokenguard.store=redis://:${REDIS_PASSWORD}@cache:6379"),
                        ConfigTexts.SOURCE);
        assertEquals("plain-s3cret", ((StoreLocation.Redis) config.store()).password());
    }

    @Test
    void aPasswordKeyTakesAnyCharacterAsItIs() throws ConfigException {
        StoreLocation.Redis redis = (StoreLocation.Redis) parse("tokenguard.store=redis://app:@cache:6379",
                "tokenguard.store.password=${REDIS_PASSWORD}").store();
        assertEquals("p@ss/w:rd#1", redis.password());
        assertEquals("app", redis.user());
        assertEquals("redis://app:***@cache:6379/0", redis.toString());
    }

    @Test
    void sentinelPasswordAndMasterPasswordAreSeparate() throws ConfigException {
        StoreLocation.RedisSentinel sentinel = (StoreLocation.RedisSentinel) parse(
                "tokenguard.store=redis-sentinel://s1:26379,s2:26379/mymaster",
                "tokenguard.store.password=${REDIS_PASSWORD}",
                "tokenguard.store.sentinel-password=${SENTINEL_PASSWORD}").store();
        assertEquals("p@ss/w:rd#1", sentinel.password());
        assertEquals("s3ntinel", sentinel.sentinelPassword());
        assertFalse(sentinel.toString().contains("s3ntinel"));
    }

    @Test
    void tlsFilesWithPasswordsFromTheEnvironment() throws ConfigException {
        StoreLocation.Redis redis = (StoreLocation.Redis) parse("tokenguard.store=rediss://cache:6380",
                "tokenguard.store.tls.key-store=/etc/app/redis-client.p12",
                "tokenguard.store.tls.key-store-password=${KEY_STORE_PASSWORD}",
                "tokenguard.store.tls.trust-store=/etc/app/redis-ca.p12",
                "tokenguard.store.tls.trust-store-password=${TRUST_STORE_PASSWORD}").store();
        assertEquals(new StoreLocation.StoreTls(Path.of("/etc/app/redis-client.p12"), "ks-secret",
                Path.of("/etc/app/redis-ca.p12"), "ts-secret"), redis.clientTls());
        assertFalse(redis.clientTls().toString().contains("secret"), redis.clientTls().toString());
    }

    @Test
    void aTrustStoreAloneLeavesTheKeyToTheJvm() throws ConfigException {
        StoreLocation.RedisSentinel sentinel = (StoreLocation.RedisSentinel) parse(
                "tokenguard.store=rediss-sentinel://s1:26379/mymaster", "tokenguard.store.tls.trust-store=/etc/ca.p12")
                .store();
        assertEquals(new StoreLocation.StoreTls(null, null, Path.of("/etc/ca.p12"), null), sentinel.clientTls());
    }

    @Test
    void noTlsFilesLeaveTheDefaultContext() throws ConfigException {
        assertNull(((StoreLocation.Redis) parse("tokenguard.store=rediss://cache:6380").store()).clientTls());
    }

    @Test
    void tlsFilesWithoutTlsAreAnError() {
        assertProblem(error("tokenguard.store=redis://cache:6379", "tokenguard.store.tls.key-store=/etc/k.p12"),
                "tokenguard.store.tls.key-store applies only with a rediss:// or rediss-sentinel:// store");
    }

    @Test
    void aStorePasswordWithoutARedisStoreIsAnError() {
        assertProblem(error("tokenguard.store.password=${REDIS_PASSWORD}"),
                "tokenguard.store.password applies only with a Redis store");
    }

    @Test
    void aPasswordInTwoPlacesIsAnError() {
        assertProblem(error("tokenguard.store=redis://:pw@cache:6379", "tokenguard.store.password=${REDIS_PASSWORD}"),
                "tokenguard.store.password applies only with a store URL without a password");
    }

    @Test
    void aSentinelPasswordWithoutSentinelsIsAnError() {
        assertProblem(error("tokenguard.store=redis://cache:6379", "tokenguard.store.sentinel-password=x"),
                "tokenguard.store.sentinel-password applies only with a redis-sentinel:// store");
    }

    @Test
    void aKeyStorePasswordWithoutItsKeyStoreIsAnError() {
        assertProblem(error("tokenguard.store=rediss://cache:6380", "tokenguard.store.tls.trust-store=/etc/ca.p12",
                        "tokenguard.store.tls.key-store-password=${KEY_STORE_PASSWORD}"),
                "tokenguard.store.tls.key-store-password applies only with tokenguard.store.tls.key-store");
    }

    private static void assertProblem(ConfigException e, String problem) {
        assertTrue(e.problem().contains(problem), e.getMessage());
        for (String secret : ENV.values()) {
            assertFalse(e.getMessage().contains(secret), "no password in " + e.getMessage());
        }
    }
}
