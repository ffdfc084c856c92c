package dev.tokenguard.agent.okhttp.v3_0;

import dev.tokenguard.agent.ClientInstrumentation;
import dev.tokenguard.agent.HookPoints;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.Type;

/**
 * OkHttp 3.x and 4.x: every client is made from an {@code OkHttpClient.Builder} (even
 * {@code new OkHttpClient()} makes one), so the hook adds one application interceptor to each builder
 * (see {@link OkHttp3Adapter} for where in the list, and why twice): {@code OkHttp3Hooks.onBuilder(this)}
 * before each return of every constructor, and first in {@code build()}.
 *
 * <p>An application interceptor, not a network one: only an application interceptor may answer
 * without calling {@code proceed}, and it runs once per call, above OkHttp's own redirect and retry
 * handling, which strips {@code Authorization} when a redirect leaves the host.
 *
 * <p>A client built before tokenguard was attached to the running JVM never passed the builder: the
 * hook before each return of {@code OkHttpClient.interceptors()}, which each call (3.x and 4.x alike)
 * reads to build its chain, {@code return OkHttp3Hooks.onInterceptors(list, this)}, hands such a
 * client's calls the list with the interceptor in it (see {@link OkHttp3Hooks#onInterceptors}).
 */
public final class OkHttp3Instrumentation implements ClientInstrumentation {

    @Override
    public boolean targets(String className) {
        return className.equals("okhttp3/OkHttpClient$Builder") || className.equals("okhttp3/OkHttpClient");
    }

    @Override
    public MethodVisitor hook(String className, String methodName, String descriptor, MethodVisitor next) {
        if (className.equals("okhttp3/OkHttpClient")) {
            if (!methodName.equals("interceptors") || !descriptor.equals("()Ljava/util/List;")) {
                return null;
            }
            return HookPoints.beforeEachReturn(next, 1, code -> {
                code.visitVarInsn(Opcodes.ALOAD, 0);
                code.visitMethodInsn(Opcodes.INVOKESTATIC, Type.getInternalName(OkHttp3Hooks.class), "onInterceptors",
                        "(Ljava/util/List;Ljava/lang/Object;)Ljava/util/List;", false);
            });
        }
        if (methodName.equals("<init>")) {
            return HookPoints.beforeEachReturn(next, 1, OkHttp3Instrumentation::callOnBuilder);
        }
        if (methodName.equals("build") && descriptor.equals("()Lokhttp3/OkHttpClient;")) {
            return HookPoints.atEntry(next, 1, OkHttp3Instrumentation::callOnBuilder);
        }
        return null;
    }

    private static void callOnBuilder(MethodVisitor code) {
        code.visitVarInsn(Opcodes.ALOAD, 0);
        code.visitMethodInsn(Opcodes.INVOKESTATIC, Type.getInternalName(OkHttp3Hooks.class), "onBuilder",
                "(Ljava/lang/Object;)V", false);
    }

    @Override
    public Class<?> entry() {
        return OkHttp3Hooks.class;
    }
}
