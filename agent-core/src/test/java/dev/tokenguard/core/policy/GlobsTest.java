package dev.tokenguard.core.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.tokenguard.core.config.PathGlob;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The allocation-free glob match says what PathGlob's regex says, for every glob and path here. */
class GlobsTest {
    private static final List<String> GLOBS = List.of("/", "/ship/**", "/ship/*", "/ship/*/x", "/**", "/*",
            "/track/v?/**", "/a/**/b", "/a/*b*/c", "/rate/v1/rates/quotes", "/a**", "/a/**/*.json", "/x/?");
    private static final List<String> PATHS = List.of("/", "/ship", "/ship/", "/ship/v1", "/ship/v1/x", "/ship/v1/y/x",
            "/shipx", "/track/v1/numbers", "/track/v12/n", "/track/v/n", "/a/b", "/a/x/y/b", "/a/xbx/c", "/a/b/c",
            "/rate/v1/rates/quotes", "/abc", "/a/b/c.json", "/a/c.json", "/x/y", "/x/yy", "/x//", "");

    @Test
    void agreesWithPathGlob() {
        for (String g : GLOBS) {
            PathGlob glob = PathGlob.compile(g);
            for (String path : PATHS) {
                assertEquals(glob.matches(path), Globs.matches(glob, path), g + " against " + path);
            }
        }
    }
}
