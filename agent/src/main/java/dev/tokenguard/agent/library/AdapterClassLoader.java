package dev.tokenguard.agent.library;

import java.io.IOException;
import java.io.InputStream;

/**
 * Defines a copy of one adapter package next to the class loader of the client library it adapts.
 *
 * <p>The agent's classes are defined by the system class loader (a {@code -javaagent} jar is on its
 * class path), but an application often loads its HTTP client in a child of it (a Spring Boot fat
 * jar, a servlet container's web application loader). Code in the agent's loader that names
 * {@code okhttp3.Interceptor} would then fail to link. This loader resolves
 * <ul>
 *   <li>classes of the adapter package by defining them itself, from the agent jar's bytes;</li>
 *   <li>other {@code dev.tokenguard.} classes (agent-core, {@code GuardHolder}, the shaded
 *       libraries) through the agent's loader, so that every copy shares the one running guard;</li>
 *   <li>everything else through the library's loader, its parent.</li>
 * </ul>
 * Rules for adapter code that follow from this: it uses only public members of classes outside its
 * package (a copy is a different runtime package), it never refers to its own package's hook or
 * instrumentation classes (they would be copied too, with their own static state), and it uses no
 * third-party library but the client it adapts.
 */
final class AdapterClassLoader extends ClassLoader {
    private static final String AGENT_PREFIX = "dev.tokenguard.";

    static {
        registerAsParallelCapable();
    }

    private final ClassLoader agentLoader;
    private final String adapterPackage;

    AdapterClassLoader(ClassLoader libraryLoader, ClassLoader agentLoader, String adapterPackage) {
        super("tokenguard-" + adapterPackage, libraryLoader);
        this.agentLoader = agentLoader;
        this.adapterPackage = adapterPackage;
    }

    @Override
    protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
        if (name.startsWith(adapterPackage)) {
            synchronized (getClassLoadingLock(name)) {
                Class<?> loaded = findLoadedClass(name);
                return loaded != null ? loaded : defineFromAgent(name);
            }
        }
        if (name.startsWith(AGENT_PREFIX)) {
            return agentLoader.loadClass(name);
        }
        return super.loadClass(name, resolve);
    }

    private Class<?> defineFromAgent(String name) throws ClassNotFoundException {
        try (InputStream in = agentLoader.getResourceAsStream(name.replace('.', '/') + ".class")) {
            if (in == null) {
                throw new ClassNotFoundException(name);
            }
            byte[] bytes = in.readAllBytes();
            return defineClass(name, bytes, 0, bytes.length, AdapterClassLoader.class.getProtectionDomain());
        } catch (IOException e) {
            throw new ClassNotFoundException(name, e);
        }
    }
}
