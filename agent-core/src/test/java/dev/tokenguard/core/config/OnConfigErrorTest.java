package dev.tokenguard.core.config;

import static dev.tokenguard.core.config.ConfigTexts.error;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.tokenguard.core.config.TokenguardConfig.OnConfigError;
import org.junit.jupiter.api.Test;

/** The on-config-error setting reaches the agent with every error, wherever it is written. */
class OnConfigErrorTest {

    @Test
    void errorsFailByDefault() {
        assertEquals(OnConfigError.FAIL, error("carrier.fedex.preset=fedx").onConfigError());
    }

    @Test
    void errorCarriesPassWrittenAfterTheWrongLine() {
        assertEquals(OnConfigError.PASS,
                error("carrier.fedex.preset=fedx", "tokenguard.on-config-error=pass").onConfigError());
    }

    @Test
    void errorCarriesPassWrittenBeforeTheWrongLine() {
        assertEquals(OnConfigError.PASS,
                error("tokenguard.on-config-error=pass", "carrier.fedex.colour=blue").onConfigError());
    }

    @Test
    void malformedLineCarriesPass() {
        assertEquals(OnConfigError.PASS, error("tokenguard.on-config-error=pass", "fedex").onConfigError());
    }

    @Test
    void blockLevelErrorCarriesPass() {
        assertEquals(OnConfigError.PASS,
                error("tokenguard.on-config-error=pass", "carrier.acme.api-hosts=api.acme.example").onConfigError());
    }

    @Test
    void badSettingFailsAndNamesItself() {
        ConfigException e = error("carrier.fedex.preset=fedx", "tokenguard.on-config-error=ignore");
        assertEquals(OnConfigError.FAIL, e.onConfigError());
        assertEquals("tokenguard.on-config-error", e.key());
        assertEquals(2, e.line());
    }

    @Test
    void settingGivenTwiceFails() {
        ConfigException e = error("tokenguard.on-config-error=pass", "tokenguard.on-config-error=fail",
                "carrier.fedex.preset=fedex");
        assertEquals(OnConfigError.FAIL, e.onConfigError());
        assertEquals(2, e.line());
    }

    @Test
    void settingMayComeFromAVariable() {
        ConfigParser parser = new ConfigParser(name -> "pass", name -> null);
        ConfigException e = assertThrows(ConfigException.class, () -> parser.parse("tokenguard.on-config-error=${ON_ERROR}\ncarrier.x.colour=blue\n", "x"));
        assertEquals(OnConfigError.PASS, e.onConfigError());
    }
}
