package dev.tokenguard.core.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** {@code when.path} globs against whole paths. */
class PathGlobTest {

    private static boolean matches(String glob, String path) {
        return PathGlob.compile(glob).matches(path);
    }

    @Test
    void aPlainGlobMatchesThatPathOnly() {
        assertTrue(matches("/track/v1/trackingnumbers", "/track/v1/trackingnumbers"));
        assertFalse(matches("/track/v1/trackingnumbers", "/track/v1/trackingnumbers/1"));
        assertFalse(matches("/track/v1/trackingnumbers", "/track/v1"));
    }

    @Test
    void matchingIsCaseSensitive() {
        assertFalse(matches("/ship/v1/shipments", "/Ship/v1/shipments"));
    }

    @Test
    void starMatchesWithinOneSegment() {
        assertTrue(matches("/ship/*/shipments", "/ship/v1/shipments"));
        assertTrue(matches("/ship/v1/*", "/ship/v1/shipments"));
        assertFalse(matches("/ship/*/shipments", "/ship/v1/extra/shipments"));
        assertFalse(matches("/ship/v1/*", "/ship/v1/shipments/123"));
    }

    @Test
    void starMayMatchNothing() {
        assertTrue(matches("/ship/v1/shipments*", "/ship/v1/shipments"));
        assertTrue(matches("/ship/v1/*", "/ship/v1/"));
    }

    @Test
    void starWithinASegmentMatchesItsRest() {
        assertTrue(matches("/rate/v1/rates/*quotes", "/rate/v1/rates/quotes"));
        assertTrue(matches("/rate/v1/rates/*quotes", "/rate/v1/rates/freight-quotes"));
        assertFalse(matches("/rate/v1/rates/*quotes", "/rate/v1/rates/quotes/x"));
    }

    @Test
    void doubleStarMatchesAcrossSegments() {
        assertTrue(matches("/ship/**/cancel", "/ship/v1/shipments/cancel"));
        assertTrue(matches("/ship/**/cancel", "/ship/v1/cancel"));
        assertFalse(matches("/ship/**/cancel", "/track/v1/cancel"));
    }

    @Test
    void doubleStarAloneMatchesEveryPath() {
        assertTrue(matches("/**", "/"));
        assertTrue(matches("/**", ""));
        assertTrue(matches("/**", "/a/b/c"));
    }

    @Test
    void trailingDoubleStarAlsoMatchesThePathWithoutIt() {
        assertTrue(matches("/ship/**", "/ship"));
        assertTrue(matches("/ship/**", "/ship/"));
        assertTrue(matches("/ship/**", "/ship/v1/shipments"));
        assertFalse(matches("/ship/**", "/shipments"));
        assertFalse(matches("/ship/**", "/shi"));
    }

    @Test
    void questionMarkMatchesOneCharacterButNotASlash() {
        assertTrue(matches("/track/v?/trackingnumbers", "/track/v1/trackingnumbers"));
        assertFalse(matches("/track/v?/trackingnumbers", "/track/v10/trackingnumbers"));
        assertFalse(matches("/track/v?/trackingnumbers", "/track/v/trackingnumbers"));
        assertFalse(matches("/a?b", "/a/b"));
    }

    @Test
    void dotIsLiteral() {
        assertTrue(matches("/files/label.pdf", "/files/label.pdf"));
        assertFalse(matches("/files/label.pdf", "/files/labelxpdf"));
    }

    @Test
    void regexMetacharactersAreLiteral() {
        assertTrue(matches("/a+b", "/a+b"));
        assertFalse(matches("/a+b", "/aab"));
        assertTrue(matches("/x(1)|[y]{2}^$\\=!<>-", "/x(1)|[y]{2}^$\\=!<>-"));
        assertFalse(matches("/x(1)", "/x1"));
        assertFalse(matches("/[ab]", "/a"));
        assertTrue(matches("/v1.0/*", "/v1.0/rates"));
        assertFalse(matches("/v1.0/*", "/v1x0/rates"));
    }

    @Test
    void aGlobMustStartWithASlash() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> PathGlob.compile("ship/**"));
        assertTrue(e.getMessage().contains("starts with '/'"), e.getMessage());
    }

    @Test
    void tripleStarIsRefused() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> PathGlob.compile("/ship/***"));
        assertTrue(e.getMessage().contains("never ***"), e.getMessage());
    }

    @Test
    void globsAreEqualByTheirText() {
        assertEquals(PathGlob.compile("/ship/**"), PathGlob.compile("/ship/**"));
        assertEquals(PathGlob.compile("/ship/**").hashCode(), PathGlob.compile("/ship/**").hashCode());
        assertNotEquals(PathGlob.compile("/ship/**"), PathGlob.compile("/ship/*"));
        assertEquals("/ship/**", PathGlob.compile("/ship/**").toString());
    }
}
