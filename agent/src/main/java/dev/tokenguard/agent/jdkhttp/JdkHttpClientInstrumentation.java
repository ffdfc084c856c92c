package dev.tokenguard.agent.jdkhttp;

import dev.tokenguard.agent.ClientInstrumentation;
import dev.tokenguard.agent.HookPoints;
import dev.tokenguard.bootstrap.Bridge;
import org.objectweb.asm.Label;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.Type;

/**
 * {@code java.net.http.HttpClient}: the public {@code send} and {@code sendAsync} methods of
 * {@code jdk.internal.net.http.HttpClientImpl}, which the public facade calls. That class is loaded
 * by the platform class loader, so the hook sees only the bootstrap bridge and passes
 * {@code Object}s; {@link JdkHttpClientHandler}, in the agent's loader, does the work.
 *
 * <p>For a carrier request the handler makes the real call itself (inside the bridge's mark, so
 * that the nested call, and the three-argument {@code sendAsync} the two-argument one calls, run
 * as they are) and the hook returns its result in place of running the method. For any other
 * request it returns null and the method runs untouched. At each method's entry:
 * <pre>{@code
 * Object handled = Bridge.send(this, request, bodyHandler);   // or sendAsync(..., pushPromiseHandler or null)
 * if (handled != null) return (HttpResponse) handled;          // or (CompletableFuture)
 * }</pre>
 */
public final class JdkHttpClientInstrumentation implements ClientInstrumentation {
    private static final String REQUEST = "Ljava/net/http/HttpRequest;";
    private static final String HANDLER = "Ljava/net/http/HttpResponse$BodyHandler;";
    private static final String SEND = "(" + REQUEST + HANDLER + ")Ljava/net/http/HttpResponse;";
    private static final String SEND_ASYNC = "(" + REQUEST + HANDLER + ")Ljava/util/concurrent/CompletableFuture;";
    private static final String SEND_ASYNC_PUSH =
            "(" + REQUEST + HANDLER + "Ljava/net/http/HttpResponse$PushPromiseHandler;)Ljava/util/concurrent/CompletableFuture;";
    private static final String OBJECT = "java/lang/Object";

    @Override
    public boolean targets(String className) {
        return className.equals("jdk/internal/net/http/HttpClientImpl");
    }

    @Override
    public MethodVisitor hook(String className, String methodName, String descriptor, MethodVisitor next) {
        if (methodName.equals("send") && descriptor.equals(SEND)) {
            return handledAtEntry(next, "send", "(Ljava/lang/Object;Ljava/lang/Object;Ljava/lang/Object;)Ljava/lang/Object;",
                    false, "java/net/http/HttpResponse");
        }
        if (methodName.equals("sendAsync") && (descriptor.equals(SEND_ASYNC) || descriptor.equals(SEND_ASYNC_PUSH))) {
            return handledAtEntry(next, "sendAsync",
                    "(Ljava/lang/Object;Ljava/lang/Object;Ljava/lang/Object;Ljava/lang/Object;)Ljava/lang/Object;",
                    descriptor.equals(SEND_ASYNC_PUSH), "java/util/concurrent/CompletableFuture");
        }
        return null;
    }

    private static MethodVisitor handledAtEntry(
            MethodVisitor next, String bridgeMethod, String bridgeDescriptor, boolean pushPromise, String returnType) {
        boolean async = bridgeMethod.equals("sendAsync");
        return HookPoints.atEntry(next, 4, code -> {
            code.visitVarInsn(Opcodes.ALOAD, 0);
            code.visitVarInsn(Opcodes.ALOAD, 1);
            code.visitVarInsn(Opcodes.ALOAD, 2);
            if (pushPromise) {
                code.visitVarInsn(Opcodes.ALOAD, 3);
            } else if (async) {
                code.visitInsn(Opcodes.ACONST_NULL);
            }
            code.visitMethodInsn(Opcodes.INVOKESTATIC, Type.getInternalName(Bridge.class), bridgeMethod, bridgeDescriptor, false);
            code.visitInsn(Opcodes.DUP);
            Label notHandled = new Label();
            code.visitJumpInsn(Opcodes.IFNULL, notHandled);
            code.visitTypeInsn(Opcodes.CHECKCAST, returnType);
            code.visitInsn(Opcodes.ARETURN);
            code.visitLabel(notHandled);
            // The method's own locals, the null on the stack; the first frame, since this is the entry
            // (frames are passed through compressed, each relative to the one before). The pop
            // keeps it apart from a frame the method's first instruction may have.
            code.visitFrame(Opcodes.F_SAME1, 0, null, 1, new Object[] {OBJECT});
            code.visitInsn(Opcodes.POP);
        });
    }

    @Override
    public Class<?> entry() {
        return Bridge.class;
    }
}
