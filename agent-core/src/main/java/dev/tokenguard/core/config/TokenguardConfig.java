package dev.tokenguard.core.config;

import java.util.List;

/**
 * The whole parsed configuration.
 *
 * @param logLevel one of trace, debug, info, warn, error
 * @param logFile  null for standard error
 * @param source   where it was read from, for messages
 * @param store    {@code tokenguard.store}: where tokens, limiter and kill-switch state live, this
 *                 JVM ({@link StoreLocation#LOCAL}) or a Redis shared by the cluster; its
 *                 {@code toString} never shows a password
 * @param clusterName {@code tokenguard.cluster.name}: the prefix of every key the cluster writes, so
 *                 that several clusters can share one Redis; null when not given
 * @param clusterExpectedInstances {@code tokenguard.cluster.expected-instances}: how many instances
 *                 share the carriers' limits; each takes this share of every band while the store is
 *                 unreachable. At least 1, by default 2
 * @param policies the throttling policies of carrier API calls: the presets' and the
 *                 {@code policy.<name>.} blocks, in that order (a user's block of a preset's
 *                 policy's name changes the keys it gives and keeps the preset's others)
 * @param metrics  {@code tokenguard.metrics.port} and {@code .host}: where the Prometheus endpoint
 *                 listens, or null for none (the default)
 * @param mode     {@code tokenguard.mode}: enforce (the default) or observe, which changes no call and
 *                 counts what enforcing would have done; switchable at run time
 */
public record TokenguardConfig(
        List<CarrierConfig> carriers,
        String logLevel,
        String logFile,
        OnConfigError onConfigError,
        String source,
        StoreLocation store,
        String clusterName,
        int clusterExpectedInstances,
        List<PolicyConfig> policies,
        MetricsEndpoint metrics,
        GuardMode mode) {

    public TokenguardConfig {
        policies = List.copyOf(policies);
        mode = mode == null ? GuardMode.ENFORCE : mode;
    }

    /** A configuration in enforce mode, without a metrics endpoint. */
    public TokenguardConfig(List<CarrierConfig> carriers, String logLevel, String logFile, OnConfigError onConfigError,
                            String source, StoreLocation store, String clusterName, int clusterExpectedInstances,
                            List<PolicyConfig> policies) {
        this(carriers, logLevel, logFile, onConfigError, source, store, clusterName, clusterExpectedInstances, policies,
                null, GuardMode.ENFORCE);
    }

    public static final int DEFAULT_EXPECTED_INSTANCES = 2;

    /** A configuration with the local store and no cluster settings. */
    public TokenguardConfig(
            List<CarrierConfig> carriers, String logLevel, String logFile, OnConfigError onConfigError, String source) {
        this(carriers, logLevel, logFile, onConfigError, source, StoreLocation.LOCAL, null, DEFAULT_EXPECTED_INSTANCES,
                List.of(), null, GuardMode.ENFORCE);
    }

    public enum OnConfigError { FAIL, PASS }
}
