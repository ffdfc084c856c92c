package dev.tokenguard.agent;

import org.objectweb.asm.MethodVisitor;

/**
 * The hooks for one HTTP client library. Each library's package has one implementation, listed in
 * {@link TokenguardAgent}: it names the classes it hooks and, for each hooked method, the few
 * instructions that call its entry class; all logic lives behind that entry, in agent-core's
 * {@link dev.tokenguard.core.http.RequestGuard}.
 *
 * <p>Plain bytecode visitors rather than Byte Buddy's {@code AgentBuilder} and advice: the hooks are
 * a handful of straight-line instructions, and Byte Buddy's type model cost every JVM start
 * 0.6–0.9 s and 1,100 classes, most of it before the application's first line ran.
 */
public interface ClientInstrumentation {

    /**
     * Whether this library hooks the class of this internal name ({@code a/b/C}). Called for every
     * class the JVM loads, so it must be a test of the name only.
     */
    boolean targets(String className);

    /**
     * The hook for one method of a targeted class: a visitor that adds it and forwards everything to
     * {@code next}, or null when the method has none.
     */
    MethodVisitor hook(String className, String methodName, String descriptor, MethodVisitor next);

    /**
     * The class whose static methods the hooks call. A hooked class's loader must see this very
     * class, or its hooks would fail to link; a class whose loader does not is left as it is.
     */
    Class<?> entry();
}
