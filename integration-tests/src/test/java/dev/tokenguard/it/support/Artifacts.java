package dev.tokenguard.it.support;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import java.util.stream.Stream;

/** The built artifacts that forked JVMs run: the agent jar and the demo application's classpath. */
public final class Artifacts {
    private Artifacts() {}

    public static Path agentJar() {
        return existing("tokenguard.agentJar");
    }

    /**
     * The demo application, its libraries and this module's test classes (the scenario driver).
     *
     * @param exclude library jars to leave out, so that a suite can put another version in their place
     */
    public static String appClasspath(Predicate<String> exclude, Path... extra) {
        List<String> entries = new ArrayList<>();
        entries.add(Path.of("target", "test-classes").toAbsolutePath().toString());
        entries.add(existing("tokenguard.demoJar").toString());
        try (Stream<Path> jars = Files.list(existing("tokenguard.demoLib"))) {
            jars.map(Path::toString).filter(exclude.negate()).sorted().forEach(entries::add);
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
        for (Path p : extra) {
            entries.add(p.toAbsolutePath().toString());
        }
        return String.join(File.pathSeparator, entries);
    }

    public static String appClasspath() {
        return appClasspath(jar -> false);
    }

    private static Path existing(String property) {
        String value = System.getProperty(property);
        if (value == null) {
            throw new IllegalStateException("system property " + property + " is not set: run the integration tests with mvn verify");
        }
        Path path = Path.of(value).toAbsolutePath().normalize();
        if (!Files.exists(path)) {
            throw new IllegalStateException(property + " points to " + path + ", which does not exist: run mvn package first");
        }
        return path;
    }
}
