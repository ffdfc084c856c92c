package dev.tokenguard.it;

import dev.tokenguard.it.support.Artifacts;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/**
 * The agent's scenarios with OkHttp 3.14: the same demo client, with OkHttp 3 and Okio 1 in place of
 * OkHttp 4, Okio 3 and Kotlin on the application's classpath.
 */
class OkHttp3IT extends ClientLibraryScenarios {
    @Override
    String client() {
        return "okhttp";
    }

    @Override
    String classpath() {
        Path dir = Path.of(System.getProperty("tokenguard.okhttp3Lib"));
        try (Stream<Path> jars = Files.list(dir)) {
            return Artifacts.appClasspath(
                    jar -> jar.contains("/okhttp-") || jar.contains("/okio") || jar.contains("/kotlin"),
                    jars.sorted().toArray(Path[]::new));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
