package dev.tokenguard.core.config;

import java.util.List;

/**
 * The whole parsed configuration.
 *
 * @param logLevel one of trace, debug, info, warn, error
 * @param logFile  null for standard error
 * @param source   where it was read from, for messages
 * @param store    {@code tokenguard.store}: where limiter and ban state live; only {@code local}
 *                 (this JVM) for now. The field is here so that a shared store can come without
 *                 changing the record's shape.
 * @param clusterName {@code tokenguard.cluster.name}: the name instances sharing a store use; null
 *                 when not given
 * @param clusterExpectedInstances {@code tokenguard.cluster.expected-instances}: how many instances
 *                 are expected to share the carriers' limits; at least 1, by default 2
 */
public record TokenguardConfig(
        List<CarrierConfig> carriers,
        String logLevel,
        String logFile,
        OnConfigError onConfigError,
        String source,
        String store,
        String clusterName,
        int clusterExpectedInstances) {

    public static final String LOCAL_STORE = "local";
    public static final int DEFAULT_EXPECTED_INSTANCES = 2;

    /** A configuration with the local store and no cluster settings. */
    public TokenguardConfig(
            List<CarrierConfig> carriers, String logLevel, String logFile, OnConfigError onConfigError, String source) {
        this(carriers, logLevel, logFile, onConfigError, source, LOCAL_STORE, null, DEFAULT_EXPECTED_INSTANCES);
    }

    public enum OnConfigError { FAIL, PASS }
}
