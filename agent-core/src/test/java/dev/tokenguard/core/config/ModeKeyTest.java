package dev.tokenguard.core.config;

import static dev.tokenguard.core.config.ConfigTexts.error;
import static dev.tokenguard.core.config.ConfigTexts.parse;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class ModeKeyTest {

    private static final String FEDEX = "carrier.fedex.preset=fedex";

    @Test
    void enforceIsTheDefault() throws ConfigException {
        assertEquals(GuardMode.ENFORCE, parse(FEDEX).mode());
    }

    @Test
    void observeIsReadInAnyCase() throws ConfigException {
        assertEquals(GuardMode.OBSERVE, parse(FEDEX, "tokenguard.mode=observe").mode());
        assertEquals(GuardMode.OBSERVE, parse(FEDEX, "tokenguard.mode=OBSERVE").mode());
        assertEquals(GuardMode.ENFORCE, parse(FEDEX, "tokenguard.mode=enforce").mode());
    }

    @Test
    void anyOtherWordIsAnErrorNamingLineKeyAndTheChoices() {
        ConfigException e = error(FEDEX, "tokenguard.mode=watch");
        assertEquals(2, e.line());
        assertEquals("tokenguard.mode", e.key());
        assertTrue(e.problem().contains("\"watch\" is not one of enforce, observe"), e.getMessage());
    }

    @Test
    void theRunTimeWordIsCheckedToo() {
        assertEquals(GuardMode.OBSERVE, GuardMode.of(" Observe "));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> GuardMode.of("shadow"));
        assertEquals("mode must be enforce or observe, got 'shadow'", e.getMessage());
    }
}
