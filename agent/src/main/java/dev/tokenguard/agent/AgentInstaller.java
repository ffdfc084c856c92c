package dev.tokenguard.agent;

import dev.tokenguard.bootstrap.Bridge;
import dev.tokenguard.core.http.RequestGuard;
import java.lang.instrument.ClassFileTransformer;
import java.lang.instrument.Instrumentation;
import java.lang.instrument.UnmodifiableClassException;
import java.util.List;

/**
 * Connects a built guard to the hooks and installs them. Loaded only after {@link BootstrapInjector}
 * ran, since it links against the bootstrap bridge.
 *
 * <p>The transformer is registered before the loaded classes are looked at, and a class loaded in
 * between is hooked by both paths alike (retransformation starts again from the class's original
 * bytes): so by the time this returns, every class of a hooked library is hooked, and no call made
 * after premain returns goes unguarded.
 */
public final class AgentInstaller {

    private AgentInstaller() {}

    public static ClassFileTransformer install(
            Instrumentation instrumentation, RequestGuard guard, List<ClientInstrumentation> instrumentations) {
        GuardHolder.set(guard);
        Bridge.setTarget(new BridgeDispatcher());
        TransformationErrors errors = new TransformationErrors();
        HookTransformer transformer = new HookTransformer(instrumentation, instrumentations, errors);
        instrumentation.addTransformer(transformer, true);
        // At premain the JDK's URL handlers may be loaded already; attached later, any of them may be.
        for (Class<?> loaded : instrumentation.getAllLoadedClasses()) {
            if (transformer.targets(loaded.getName().replace('.', '/')) && instrumentation.isModifiableClass(loaded)) {
                try {
                    instrumentation.retransformClasses(loaded);
                } catch (UnmodifiableClassException | RuntimeException | LinkageError e) {
                    errors.failed(loaded.getName().replace('.', '/'), e);
                }
            }
        }
        return transformer;
    }
}
