package dev.tokenguard.core.config;

import static dev.tokenguard.core.config.ConfigTexts.carrier;
import static dev.tokenguard.core.config.ConfigTexts.error;
import static dev.tokenguard.core.config.ConfigTexts.parse;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The line syntax: what is read, what is skipped, what is refused. */
class PropertiesFormatTest {

    @Test
    void commentsAndBlankLinesAreSkippedButCounted() throws ConfigException {
        ConfigException e = error("# tokenguard", "! also a comment", "", "   ", "carrier.fedex.preset=fedx");
        assertEquals(5, e.line());
    }

    @Test
    void colonSeparatesLikeEquals() throws ConfigException {
        assertEquals(Duration.ofSeconds(3), carrier("carrier.fedex.preset: fedex", "carrier.fedex.token-wait : 3s").tokenWait());
    }

    @Test
    void theFirstSeparatorSplitsSoValuesMayHoldColonsAndEquals() throws ConfigException {
        assertEquals("https://apis.fedex.com/oauth/token?a=b",
                carrier("carrier.fedex.preset=fedex", "carrier.fedex.token-url=https://apis.fedex.com/oauth/token?a=b")
                        .tokenUrl().toString());
    }

    @Test
    void keysAndValuesAreTrimmed() throws ConfigException {
        assertEquals(Duration.ofSeconds(3), carrier("  carrier.fedex.preset  =  fedex  ", "\tcarrier.fedex.token-wait=3s\t").tokenWait());
    }

    @Test
    void windowsLineEndingsAndAByteOrderMarkAreRead() throws ConfigException {
        String text = "\uFEFFcarrier.fedex.preset=fedex\r\ncarrier.fedex.token-wait=3s\r\n";
        assertEquals(Duration.ofSeconds(3), new ConfigParser(k -> null, k -> null).parse(text, "x").carriers().get(0).tokenWait());
    }

    @Test
    void backslashesArePlainCharacters() throws ConfigException {
        assertEquals("C:\\logs\\tokenguard.log",
                parse("carrier.fedex.preset=fedex", "tokenguard.log.file=C:\\logs\\tokenguard.log").logFile());
    }

    @Test
    void lineContinuationIsRefused() {
        ConfigException e = error("carrier.fedex.preset=fedex", "carrier.fedex.api-hosts=apis.fedex.com,\\", "  example.com");
        assertEquals(2, e.line());
        assertEquals("carrier.fedex.api-hosts", e.key());
        assertTrue(e.problem().contains("line continuations"), e.getMessage());
    }

    @Test
    void commentAtTheEndOfALineIsRefused() {
        ConfigException e = error("carrier.fedex.preset=fedex", "carrier.fedex.kill-switch=off   # state at start");
        assertEquals(2, e.line());
        assertEquals("carrier.fedex.kill-switch", e.key());
        assertTrue(e.problem().contains("comments at the end of a line are not supported"), e.getMessage());
    }

    @Test
    void emptyLogFileFollowedByACommentIsRefusedRatherThanTakenAsAFileName() {
        ConfigException e = error("carrier.fedex.preset=fedex", "tokenguard.log.file=    # empty: standard error");
        assertEquals("tokenguard.log.file", e.key());
    }

    @Test
    void hashInsideAValueIsKept() throws ConfigException {
        assertEquals("https://apis.fedex.com/oauth/token#x",
                carrier("carrier.fedex.preset=fedex", "carrier.fedex.token-url=https://apis.fedex.com/oauth/token#x")
                        .tokenUrl().toString());
    }

    @Test
    void whitespaceIsNotASeparator() {
        ConfigException e = error("carrier.fedex.preset fedex");
        assertEquals(1, e.line());
        assertEquals("carrier.fedex.preset", e.key());
        assertTrue(e.problem().contains("separate the key from its value with '=' or ':'"), e.getMessage());
    }

    @Test
    void lineWithoutSeparatorIsRefused() {
        ConfigException e = error("carrier.fedex.preset=fedex", "fedex");
        assertEquals(2, e.line());
        assertNull(e.key());
        assertTrue(e.problem().contains("not a key=value line"), e.getMessage());
    }

    @Test
    void lineWithoutKeyIsRefused() {
        ConfigException e = error("carrier.fedex.preset=fedex", "=fedex");
        assertEquals(2, e.line());
        assertTrue(e.problem().contains("no key"), e.getMessage());
    }
}
