package dev.tokenguard.agent;

import java.io.IOException;
import java.lang.instrument.Instrumentation;
import java.nio.file.Files;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import net.bytebuddy.dynamic.ClassFileLocator;
import net.bytebuddy.dynamic.loading.ClassInjector;

/**
 * Puts the {@code dev.tokenguard.bootstrap} package into the bootstrap class loader, where advice
 * woven into JDK classes can see it. Classes are named by string, never by literal: a literal would
 * load them into the agent's own loader first, and the JDK's copy and the agent's would differ.
 */
final class BootstrapInjector {

    static final String BRIDGE = "dev.tokenguard.bootstrap.Bridge";
    private static final List<String> CLASSES = List.of(BRIDGE, "dev.tokenguard.bootstrap.BridgeTarget");

    private BootstrapInjector() {}

    static void inject(Instrumentation instrumentation) throws IOException {
        if (bootstrapClass(BRIDGE) != null) {
            return;
        }
        ClassFileLocator locator = ClassFileLocator.ForClassLoader.of(BootstrapInjector.class.getClassLoader());
        Map<String, byte[]> classes = new LinkedHashMap<>();
        for (String name : CLASSES) {
            classes.put(name, locator.locate(name).resolve());
        }
        // Unsafe keeps class-data sharing on; appending a jar to the boot class path (the fallback)
        // makes the JVM print a CDS warning.
        ClassInjector injector = ClassInjector.UsingUnsafe.isAvailable()
                ? ClassInjector.UsingUnsafe.ofBootLoader()
                : ClassInjector.UsingInstrumentation.of(Files.createTempDirectory("tokenguard").toFile(),
                        ClassInjector.UsingInstrumentation.Target.BOOTSTRAP, instrumentation);
        injector.injectRaw(classes);
        if (visibleBridgeLoader() != null) {
            throw new IllegalStateException(BRIDGE + " was loaded by " + visibleBridgeLoader()
                    + " before it was injected; the JDK hooks could not reach the agent");
        }
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
