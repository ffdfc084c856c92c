package dev.tokenguard.core.config;

import dev.tokenguard.core.config.TokenguardConfig.OnConfigError;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The {@code tokenguard.} settings as they are read; see {@link ConfigParser} for what each means.
 * Messages do not quote a store's value, nor its passwords: they are secrets.
 */
final class Settings {

    private static final List<String> LOG_LEVELS = List.of("trace", "debug", "info", "warn", "error");

    private String logLevel = "info";
    private String logFile;
    private StoreLocation store = StoreLocation.LOCAL;
    private String storePassword;
    private String sentinelPassword;
    private Path keyStore;
    private String keyStorePassword;
    private Path trustStore;
    private String trustStorePassword;
    /** The {@code tokenguard.store.*} keys given, in order, to name one that does not fit. */
    private final List<String> storeKeys = new ArrayList<>();
    private String clusterName;
    private int clusterExpectedInstances = TokenguardConfig.DEFAULT_EXPECTED_INSTANCES;
    /** 0: no endpoint. */
    private int metricsPort;
    private String metricsHost;
    private GuardMode mode = GuardMode.ENFORCE;

    /**
     * @param key   one of {@link Keys#TOKENGUARD}
     * @param value trimmed and substituted; empty only for the log file
     * @throws IllegalArgumentException for a value the setting does not take
     */
    void accept(String key, String value) {
        if (key.startsWith(Keys.STORE + ".")) {
            storeKeys.add(key);
        }
        switch (key) {
            case Keys.ON_CONFIG_ERROR -> Values.choice(value, OnConfigError.class); // used ahead of the others
            case Keys.LOG_LEVEL -> logLevel = Values.word(value, LOG_LEVELS);
            case Keys.LOG_FILE -> logFile = value.isEmpty() ? null : value;
            case Keys.STORE -> store = StoreUrls.parse(value);
            case Keys.STORE_PASSWORD -> storePassword = value;
            case Keys.STORE_SENTINEL_PASSWORD -> sentinelPassword = value;
            case Keys.STORE_KEY_STORE -> keyStore = Path.of(value);
            case Keys.STORE_KEY_STORE_PASSWORD -> keyStorePassword = value;
            case Keys.STORE_TRUST_STORE -> trustStore = Path.of(value);
            case Keys.STORE_TRUST_STORE_PASSWORD -> trustStorePassword = value;
            case Keys.CLUSTER_NAME -> clusterName = Values.name(value);
            case Keys.CLUSTER_EXPECTED_INSTANCES -> clusterExpectedInstances = Values.atLeastOne(value);
            case Keys.METRICS_PORT -> metricsPort = Values.portOrZero(value);
            case Keys.METRICS_HOST -> metricsHost = Values.bindAddress(value);
            case Keys.MODE -> mode = Values.choice(value, GuardMode.class);
            default -> throw new IllegalStateException("Keys let through an unhandled setting " + key);
        }
    }

    /** @throws IllegalArgumentException naming a store setting that does not fit the store, and why */
    TokenguardConfig toConfig(List<CarrierConfig> carriers, List<PolicyConfig> policies, OnConfigError onConfigError,
                              String source) {
        return new TokenguardConfig(carriers, logLevel, logFile, onConfigError, source, store(), clusterName,
                clusterExpectedInstances, policies, metricsPort == 0 ? null : new MetricsEndpoint(metricsHost, metricsPort), mode);
    }

    /** The store URL with what the {@code tokenguard.store.*} keys add to it. */
    private StoreLocation store() {
        if (store == StoreLocation.LOCAL && storeKeys.isEmpty()) {
            return store; // the common case, decided without loading the Redis forms' classes at premain
        }
        boolean tlsFiles = keyStore != null || trustStore != null;
        if (store instanceof StoreLocation.Redis redis) {
            only(sentinelPassword == null, Keys.STORE_SENTINEL_PASSWORD, "a redis-sentinel:// store");
            only(!tlsFiles || redis.tls(), tlsFiles(), "a rediss:// or rediss-sentinel:// store");
            return new StoreLocation.Redis(redis.tls(), redis.host(), redis.port(), redis.user(),
                    password(redis.password()), redis.database(), clientTls());
        }
        if (store instanceof StoreLocation.RedisSentinel sentinel) {
            only(!tlsFiles || sentinel.tls(), tlsFiles(), "a rediss:// or rediss-sentinel:// store");
            return new StoreLocation.RedisSentinel(sentinel.tls(), sentinel.sentinels(), sentinel.master(),
                    sentinel.user(), password(sentinel.password()), sentinel.database(), sentinelPassword, clientTls());
        }
        only(storeKeys.isEmpty(), storeKeys.isEmpty() ? null : storeKeys.get(0),
                "a Redis store (tokenguard.store=redis://... or redis-sentinel://...)");
        return store;
    }

    /** The password of {@code tokenguard.store.password}, taken as it is (no %-decoding), or the URL's. */
    private String password(String fromUrl) {
        only(storePassword == null || fromUrl == null, Keys.STORE_PASSWORD,
                "a store URL without a password (give it in one place only)");
        return storePassword != null ? storePassword : fromUrl;
    }

    private StoreLocation.StoreTls clientTls() {
        only(keyStorePassword == null || keyStore != null, Keys.STORE_KEY_STORE_PASSWORD, Keys.STORE_KEY_STORE);
        only(trustStorePassword == null || trustStore != null, Keys.STORE_TRUST_STORE_PASSWORD, Keys.STORE_TRUST_STORE);
        if (keyStore == null && trustStore == null) {
            return null;
        }
        return new StoreLocation.StoreTls(keyStore, keyStorePassword, trustStore, trustStorePassword);
    }

    private String tlsFiles() {
        return keyStore != null ? Keys.STORE_KEY_STORE : Keys.STORE_TRUST_STORE;
    }

    private static void only(boolean fits, String key, String needs) {
        if (!fits) {
            throw new IllegalArgumentException(key + " applies only with " + needs);
        }
    }
}
