package dev.tokenguard.core.config;

import dev.tokenguard.core.config.TokenguardConfig.OnConfigError;

/** What every error of one parse shares: where the text came from and the on-config-error setting. */
record ConfigSource(String name, OnConfigError onConfigError) {

    ConfigException error(int line, String key, String problem) {
        return new ConfigException(name, line, key, problem, onConfigError);
    }
}
