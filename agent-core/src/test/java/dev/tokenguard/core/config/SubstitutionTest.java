package dev.tokenguard.core.config;

import static dev.tokenguard.core.config.ConfigTexts.carrier;
import static dev.tokenguard.core.config.ConfigTexts.error;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** ${NAME}, ${sys:name} and defaults, from the injected environment and system properties. */
class SubstitutionTest {

    private static final String FEDEX = "carrier.fedex.preset=fedex";

    @Test
    void environmentVariable() throws ConfigException {
        CarrierConfig c = carrier(FEDEX, "carrier.fedex.client-id=${FEDEX_CLIENT_ID}",
                "carrier.fedex.client-secret=${FEDEX_CLIENT_SECRET}");
        assertEquals("fedex-id", c.clientId());
        assertEquals("fedex-s3cret", c.clientSecret());
    }

    @Test
    void systemProperty() throws ConfigException {
        CarrierConfig c = carrier(FEDEX, "carrier.fedex.client-id=${sys:ups.id}", "carrier.fedex.client-secret=x");
        assertEquals("ups-id", c.clientId());
    }

    @Test
    void defaultForAnUnsetVariable() throws ConfigException {
        assertEquals(Duration.ofSeconds(4), carrier(FEDEX, "carrier.fedex.token-wait=${TOKEN_WAIT:-4s}").tokenWait());
    }

    @Test
    void defaultForAnUnsetSystemProperty() throws ConfigException {
        assertEquals(Duration.ofSeconds(4), carrier(FEDEX, "carrier.fedex.token-wait=${sys:token.wait:-4s}").tokenWait());
    }

    @Test
    void defaultForAnEmptyVariable() throws ConfigException {
        assertEquals(Duration.ofSeconds(4), carrier(FEDEX, "carrier.fedex.token-wait=${EMPTY:-4s}").tokenWait());
    }

    @Test
    void setVariableWinsOverItsDefault() throws ConfigException {
        assertEquals("fedex-id", carrier(FEDEX, "carrier.fedex.client-id=${FEDEX_CLIENT_ID:-other}",
                "carrier.fedex.client-secret=x").clientId());
    }

    @Test
    void referencesMixWithText() throws ConfigException {
        assertEquals("pre-fedex-id-post", carrier(FEDEX, "carrier.fedex.client-id=pre-${FEDEX_CLIENT_ID}-post",
                "carrier.fedex.client-secret=x").clientId());
    }

    @Test
    void doubleDollarWritesALiteralReference() throws ConfigException {
        assertEquals("${FEDEX_CLIENT_ID}", carrier(FEDEX, "carrier.fedex.client-id=$${FEDEX_CLIENT_ID}",
                "carrier.fedex.client-secret=x").clientId());
    }

    @Test
    void emptyVariableWithoutDefaultIsAnError() {
        ConfigException e = error(FEDEX, "carrier.fedex.token-wait=${EMPTY}");
        assertEquals(2, e.line());
        assertTrue(e.problem().contains("environment variable EMPTY is empty"), e.getMessage());
    }

    @Test
    void substitutedValueIsTrimmed() throws ConfigException {
        ConfigParser parser = new ConfigParser(name -> " 4s\n", name -> null);
        assertEquals(Duration.ofSeconds(4),
                parser.parse("carrier.fedex.preset=fedex\ncarrier.fedex.token-wait=${WAIT}\n", "x").carriers().get(0).tokenWait());
    }
}
