package dev.tokenguard.core.config;

import java.util.List;

/**
 * The whole parsed configuration.
 *
 * @param logLevel one of trace, debug, info, warn, error
 * @param logFile  null for standard error
 * @param source   where it was read from, for messages
 */
public record TokenguardConfig(
        List<CarrierConfig> carriers,
        String logLevel,
        String logFile,
        OnConfigError onConfigError,
        String source) {

    public enum OnConfigError { FAIL, PASS }
}
