package dev.tokenguard.core.config;

import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Map;

/** Test helpers: parse a few lines with a fixed environment and fixed system properties. */
final class ConfigTexts {

    static final String SOURCE = "/etc/app/tokenguard.properties";
    static final Map<String, String> ENV = Map.of(
            "FEDEX_CLIENT_ID", "fedex-id",
            "FEDEX_CLIENT_SECRET", "fedex-s3cret",
            "EMPTY", "");
    static final Map<String, String> SYS = Map.of("ups.id", "ups-id");

    private ConfigTexts() {
    }

    static String text(String... lines) {
        return String.join("\n", lines) + "\n";
    }

    static TokenguardConfig parse(String... lines) throws ConfigException {
        return new ConfigParser(ENV::get, SYS::get).parse(text(lines), SOURCE);
    }

    static CarrierConfig carrier(String... lines) throws ConfigException {
        return parse(lines).carriers().get(0);
    }

    static ConfigException error(String... lines) {
        return assertThrows(ConfigException.class, () -> parse(lines));
    }
}
