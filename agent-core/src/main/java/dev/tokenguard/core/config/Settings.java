package dev.tokenguard.core.config;

import dev.tokenguard.core.config.TokenguardConfig.OnConfigError;
import java.util.List;

/**
 * The {@code tokenguard.} settings as they are read; see {@link ConfigParser} for what each means.
 * Messages do not quote a store's value: a store URL may hold a password.
 */
final class Settings {

    private static final List<String> LOG_LEVELS = List.of("trace", "debug", "info", "warn", "error");

    private String logLevel = "info";
    private String logFile;
    private StoreLocation store = StoreLocation.LOCAL;
    private String clusterName;
    private int clusterExpectedInstances = TokenguardConfig.DEFAULT_EXPECTED_INSTANCES;
    private GuardMode mode = GuardMode.ENFORCE;

    /**
     * @param key   one of {@link Keys#TOKENGUARD}
     * @param value trimmed and substituted; empty only for the log file
     * @throws IllegalArgumentException for a value the setting does not take
     */
    void accept(String key, String value) {
        switch (key) {
            case Keys.ON_CONFIG_ERROR -> Values.choice(value, OnConfigError.class); // used ahead of the others
            case Keys.LOG_LEVEL -> logLevel = Values.word(value, LOG_LEVELS);
            case Keys.LOG_FILE -> logFile = value.isEmpty() ? null : value;
            case Keys.STORE -> store = StoreUrls.parse(value);
            case Keys.CLUSTER_NAME -> clusterName = Values.name(value);
            case Keys.CLUSTER_EXPECTED_INSTANCES -> clusterExpectedInstances = Values.atLeastOne(value);
            case Keys.MODE -> mode = Values.choice(value, GuardMode.class);
            default -> throw new IllegalStateException("Keys let through an unhandled setting " + key);
        }
    }

    TokenguardConfig toConfig(List<CarrierConfig> carriers, List<PolicyConfig> policies, OnConfigError onConfigError,
                              String source) {
        return new TokenguardConfig(carriers, logLevel, logFile, onConfigError, source, store, clusterName,
                clusterExpectedInstances, policies, mode);
    }
}
