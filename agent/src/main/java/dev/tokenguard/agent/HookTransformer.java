package dev.tokenguard.agent;

import java.lang.instrument.ClassFileTransformer;
import java.lang.instrument.Instrumentation;
import java.security.ProtectionDomain;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.ClassVisitor;
import org.objectweb.asm.ClassWriter;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;

/**
 * Adds the client libraries' hooks to their classes as the JVM loads (or retransforms) them. Every
 * class the JVM loads passes through {@link #transform}: a class no library targets costs a few
 * string comparisons and is returned untouched (null), without being parsed.
 *
 * <p>A hooked class must be able to link its hooks, so two things are made sure of first: its loader
 * sees the library's entry class (a class that cannot is left unhooked and said so, rather than
 * breaking the application's client), and its module, if named, reads the entry's module.
 */
final class HookTransformer implements ClassFileTransformer {

    private final Instrumentation instrumentation;
    private final List<ClientInstrumentation> instrumentations;
    private final TransformationErrors errors;

    HookTransformer(Instrumentation instrumentation, List<ClientInstrumentation> instrumentations, TransformationErrors errors) {
        this.instrumentation = instrumentation;
        this.instrumentations = List.copyOf(instrumentations);
        this.errors = errors;
    }

    /** Whether some library hooks this class, by name only. */
    boolean targets(String className) {
        for (ClientInstrumentation each : instrumentations) {
            if (each.targets(className)) {
                return true;
            }
        }
        return false;
    }

    @Override
    public byte[] transform(Module module, ClassLoader loader, String className, Class<?> redefined,
            ProtectionDomain domain, byte[] classFile) {
        if (className == null) {
            return null;
        }
        // Each library whose name test matches gets its turn: a name test may match another
        // library's class too (any "...ClientBuilder"), and then finds nothing to hook in it.
        byte[] hooked = null;
        for (ClientInstrumentation each : instrumentations) {
            if (each.targets(className)) {
                try {
                    byte[] result = hook(each, module, loader, className, hooked == null ? classFile : hooked);
                    if (result != null) {
                        hooked = result;
                    }
                } catch (Throwable e) {
                    // Whatever went wrong, the class loads as it was: the application keeps working.
                    errors.failed(className, e);
                    return null;
                }
            }
        }
        return hooked;
    }

    private byte[] hook(ClientInstrumentation library, Module module, ClassLoader loader, String className, byte[] classFile) {
        ClassReader reader = new ClassReader(classFile);
        // Passing the reader lets the writer copy every method the hooks leave alone as it is.
        ClassWriter writer = new ClassWriter(reader, 0);
        Hooking hooking = new Hooking(library, className, writer);
        reader.accept(hooking, 0);
        if (!hooking.hookedAny) {
            return null;
        }
        Class<?> entry = library.entry();
        if (!sees(loader, entry)) {
            errors.unreachable(className, loader);
            return null;
        }
        if (module != null && module.isNamed() && !module.canRead(entry.getModule())) {
            instrumentation.redefineModule(module, Set.of(entry.getModule()), Map.of(), Map.of(), Set.of(), Map.of());
        }
        return writer.toByteArray();
    }

    private static boolean sees(ClassLoader loader, Class<?> entry) {
        try {
            return Class.forName(entry.getName(), false, loader) == entry;
        } catch (ClassNotFoundException | LinkageError e) {
            return false;
        }
    }

    /** Hands each method to the library, which may hook it. */
    private static final class Hooking extends ClassVisitor {
        private final ClientInstrumentation library;
        private final String className;
        boolean hookedAny;

        Hooking(ClientInstrumentation library, String className, ClassVisitor next) {
            super(Opcodes.ASM9, next);
            this.library = library;
            this.className = className;
        }

        @Override
        public MethodVisitor visitMethod(int access, String name, String descriptor, String signature, String[] exceptions) {
            MethodVisitor next = super.visitMethod(access, name, descriptor, signature, exceptions);
            if ((access & (Opcodes.ACC_ABSTRACT | Opcodes.ACC_NATIVE)) != 0) {
                return next;
            }
            MethodVisitor hooked = library.hook(className, name, descriptor, next);
            if (hooked == null) {
                return next;
            }
            hookedAny = true;
            return hooked;
        }
    }
}
