package dev.tokenguard.agent;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.instrument.Instrumentation;
import java.lang.reflect.Method;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.ProtectionDomain;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.jar.JarFile;
import java.util.jar.JarOutputStream;
import java.util.zip.ZipEntry;

/**
 * Puts the {@code dev.tokenguard.bootstrap} package into the bootstrap class loader, where the hooks
 * added to JDK classes can see them. Classes are named by string, never by literal: a literal would
 * load them into the agent's own loader first, and the JDK's copy and the agent's would differ.
 *
 * <p>The classes are defined with the JDK's internal {@code Unsafe#defineClass} and a null loader,
 * after exporting {@code jdk.internal.misc} to the agent alone through {@link Instrumentation}: no
 * JDK warning, class-data sharing stays on, and it costs a few milliseconds. Byte Buddy's
 * {@code ClassInjector.UsingUnsafe} does the same through {@code sun.misc.Unsafe} and, from JDK 12
 * on, first generates a mirror of {@code AccessibleObject}: about 450 ms and 900 classes at every
 * start, and four warnings on JDK 25. Should the internal method be gone in some JDK, a temporary jar
 * appended to the boot class path is the fallback; the JVM then turns class-data sharing off for
 * the application's classes (and says so), and the agent says why on standard error.
 */
final class BootstrapInjector {

    static final String BRIDGE = "dev.tokenguard.bootstrap.Bridge";
    private static final List<String> CLASSES = List.of(BRIDGE, "dev.tokenguard.bootstrap.BridgeTarget");
    private static final String UNSAFE_PACKAGE = "jdk.internal.misc";

    private BootstrapInjector() {}

    static void inject(Instrumentation instrumentation) throws IOException {
        if (bootstrapClass(BRIDGE) != null) {
            return;
        }
        try {
            defineWithUnsafe(instrumentation);
        } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
            // A class already defined stays; the boot class path supplies the others.
            System.err.println("tokenguard: bootstrap classes added as a jar on the boot class path, since "
                    + UNSAFE_PACKAGE + ".Unsafe#defineClass failed: " + e);
            appendJar(instrumentation);
        }
        if (visibleBridgeLoader() != null) {
            throw new IllegalStateException(BRIDGE + " was loaded by " + visibleBridgeLoader()
                    + " before it was injected; the JDK hooks could not reach the agent");
        }
    }

    private static void defineWithUnsafe(Instrumentation instrumentation) throws ReflectiveOperationException, IOException {
        Module javaBase = Object.class.getModule();
        instrumentation.redefineModule(javaBase, Set.of(),
                Map.of(UNSAFE_PACKAGE, Set.of(BootstrapInjector.class.getModule())), Map.of(), Set.of(), Map.of());
        Class<?> unsafeClass = Class.forName(UNSAFE_PACKAGE + ".Unsafe");
        Object unsafe = unsafeClass.getMethod("getUnsafe").invoke(null);
        Method define = unsafeClass.getMethod("defineClass",
                String.class, byte[].class, int.class, int.class, ClassLoader.class, ProtectionDomain.class);
        for (String name : CLASSES) {
            byte[] bytes = classFile(name);
            define.invoke(unsafe, name, bytes, 0, bytes.length, null, null);
        }
    }

    private static void appendJar(Instrumentation instrumentation) throws IOException {
        Path jar = Files.createTempFile("tokenguard-bootstrap", ".jar");
        jar.toFile().deleteOnExit();
        try (OutputStream file = Files.newOutputStream(jar); JarOutputStream out = new JarOutputStream(file)) {
            for (String name : CLASSES) {
                out.putNextEntry(new ZipEntry(resource(name)));
                out.write(classFile(name));
                out.closeEntry();
            }
        }
        instrumentation.appendToBootstrapClassLoaderSearch(new JarFile(jar.toFile()));
    }

    /**
     * Read from the agent's jar as a {@link JarFile}, not as a class-loader resource, whose
     * {@code jar:} URL connection would load a dozen classes more into every JVM the agent starts.
     * A directory stands for the jar in the agent's own tests.
     */
    private static byte[] classFile(String name) throws IOException {
        Path location;
        try {
            location = Path.of(BootstrapInjector.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        } catch (URISyntaxException e) {
            throw new IOException("the agent's location is not a file: " + e.getMessage(), e);
        }
        if (Files.isDirectory(location)) {
            return Files.readAllBytes(location.resolve(resource(name)));
        }
        try (JarFile jar = new JarFile(location.toFile())) {
            ZipEntry entry = jar.getEntry(resource(name));
            if (entry == null) {
                throw new IllegalStateException(name + " is missing from the agent jar");
            }
            try (InputStream in = jar.getInputStream(entry)) {
                return in.readAllBytes();
            }
        }
    }

    private static String resource(String className) {
        return className.replace('.', '/') + ".class";
    }

    private static ClassLoader visibleBridgeLoader() {
        try {
            return Class.forName(BRIDGE, false, BootstrapInjector.class.getClassLoader()).getClassLoader();
        } catch (ClassNotFoundException e) {
            throw new IllegalStateException(BRIDGE + " is missing from the agent jar", e);
        }
    }

    private static Class<?> bootstrapClass(String name) {
        try {
            return Class.forName(name, false, null);
        } catch (ClassNotFoundException e) {
            return null;
        }
    }
}
