package dev.tokenguard.agent.apachehttpclient.v5_0;

import dev.tokenguard.agent.ClientInstrumentation;
import dev.tokenguard.agent.HookPoints;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.Type;

/**
 * Apache HttpClient 5, classic and async: when a builder assembles its exec chain, add tokenguard's
 * handler to it (see {@link ExecChainPlacement} for where).
 *
 * <p>The hook is the builders' {@code customizeExecChain(NamedElementChain)}, which {@code build()}
 * calls with the finished chain definition just before it links the chain: the one point where the
 * handler can be placed relative to the redirect element, and where the chain's own API does the
 * placing. The caching builders override it without calling {@code super}, hence the hook in every
 * class named like a client builder that declares it; {@link ApacheHttpClient5Hooks} tells classic
 * from async by the builder's super classes, and the placement is idempotent for the overrides that
 * do call {@code super}. The hook, before each return: {@code ApacheHttpClient5Hooks.onChain(this, chain)}.
 *
 * <p>A client built before tokenguard was attached to the running JVM never passed that hook: the
 * entry of its {@code doExecute} (classic {@code InternalHttpClient}, async
 * {@code InternalAbstractHttpAsyncClient}, where every {@code execute} ends) links the handler into
 * its chain on its first call ({@link LinkedChain}), and finds it there on every later one.
 * {@code ApacheHttpClient5Hooks.onClassicCall(this)} or {@code onAsyncCall(this)}.
 */
public final class ApacheHttpClient5Instrumentation implements ClientInstrumentation {
    private static final String CUSTOMIZE = "(Lorg/apache/hc/core5/http/config/NamedElementChain;)V";
    private static final String CLASSIC_CLIENT = "org/apache/hc/client5/http/impl/classic/InternalHttpClient";
    private static final String ASYNC_CLIENT = "org/apache/hc/client5/http/impl/async/InternalAbstractHttpAsyncClient";

    @Override
    public boolean targets(String className) {
        return className.contains("ClientBuilder") || className.equals(CLASSIC_CLIENT) || className.equals(ASYNC_CLIENT);
    }

    @Override
    public MethodVisitor hook(String className, String methodName, String descriptor, MethodVisitor next) {
        if (methodName.equals("doExecute") && (className.equals(CLASSIC_CLIENT) || className.equals(ASYNC_CLIENT))) {
            String entry = className.equals(CLASSIC_CLIENT) ? "onClassicCall" : "onAsyncCall";
            return HookPoints.atEntry(next, 1, code -> {
                code.visitVarInsn(Opcodes.ALOAD, 0);
                code.visitMethodInsn(Opcodes.INVOKESTATIC, Type.getInternalName(ApacheHttpClient5Hooks.class), entry,
                        "(Ljava/lang/Object;)V", false);
            });
        }
        if (!methodName.equals("customizeExecChain") || !descriptor.equals(CUSTOMIZE)) {
            return null;
        }
        return HookPoints.beforeEachReturn(next, 2, code -> {
            code.visitVarInsn(Opcodes.ALOAD, 0);
            code.visitVarInsn(Opcodes.ALOAD, 1);
            code.visitMethodInsn(Opcodes.INVOKESTATIC, Type.getInternalName(ApacheHttpClient5Hooks.class), "onChain",
                    "(Ljava/lang/Object;Ljava/lang/Object;)V", false);
        });
    }

    @Override
    public Class<?> entry() {
        return ApacheHttpClient5Hooks.class;
    }
}
