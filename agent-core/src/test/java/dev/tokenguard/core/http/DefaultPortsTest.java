package dev.tokenguard.core.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import org.junit.jupiter.api.Test;

class DefaultPortsTest {

    @Test
    void aUrlWithoutAPortGoesToItsSchemesDefault() {
        assertEquals(443, DefaultPorts.effective(URI.create("https://apis.fedex.com/oauth/token")));
        assertEquals(443, DefaultPorts.effective("HTTPS", -1));
        assertEquals(80, DefaultPorts.effective(URI.create("http://apis.fedex.com/oauth/token")));
    }

    @Test
    void aPortGivenIsKept() {
        assertEquals(8443, DefaultPorts.effective(URI.create("https://localhost:8443/")));
        assertEquals(443, DefaultPorts.effective(URI.create("http://localhost:443/")));
    }

    @Test
    void aPortMayBeLeftOutOnlyWhereItIsTheSchemesDefault() {
        assertTrue(DefaultPorts.isDefault("https", -1));
        assertTrue(DefaultPorts.isDefault("https", 443));
        assertTrue(DefaultPorts.isDefault("http", 80));
        assertFalse(DefaultPorts.isDefault("http", 443));
        assertFalse(DefaultPorts.isDefault("https", 80));
        assertFalse(DefaultPorts.isDefault("https", 8443));
    }
}
