package dev.tokenguard.agent.apachehttpclient.v4_5;

import dev.tokenguard.agent.ClientInstrumentation;
import dev.tokenguard.agent.HookPoints;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.Type;

/**
 * Apache HttpClient 4.5: wrap the protocol element of each client that {@code HttpClientBuilder}
 * builds, through the builder's own extension point {@code decorateProtocolExec(ClientExecChain)}:
 * before its return, {@code chain = (ClientExecChain) ApacheHttpClient4Hooks.onProtocolExec(chain)}.
 *
 * <p>That puts tokenguard below the redirect and retry elements, so it sees every hop: a redirect
 * hop off the carrier's host is not a carrier request and passes untouched, and the redirect element
 * builds each new hop from the application's original request, which never carries the headers
 * tokenguard set on the hop. Unlike HttpClient 5's, 4.5's retry element re-sends only after an
 * {@code IOException}, never on a status, so a synthetic 503 goes straight back to the application
 * (an application that installs a {@code ServiceUnavailableRetryStrategy} would retry it).
 * {@code InternalHttpClient.doExecute} was the alternative, but a header set there is copied by the
 * redirect element to every later hop, whatever its host.
 *
 * <p>A client built before tokenguard was attached to the running JVM never passed the builder: the
 * entry of {@code InternalHttpClient.doExecute}, where its every {@code execute} ends, wraps its
 * protocol element on its first call ({@link ClientChainAdapter}), setting no header:
 * {@code ApacheHttpClient4Hooks.onCall(this)}.
 */
public final class ApacheHttpClient4Instrumentation implements ClientInstrumentation {
    private static final String CHAIN = "org/apache/http/impl/execchain/ClientExecChain";
    private static final String CLIENT = "org/apache/http/impl/client/InternalHttpClient";

    @Override
    public boolean targets(String className) {
        return className.equals("org/apache/http/impl/client/HttpClientBuilder") || className.equals(CLIENT);
    }

    @Override
    public MethodVisitor hook(String className, String methodName, String descriptor, MethodVisitor next) {
        if (className.equals(CLIENT)) {
            if (!methodName.equals("doExecute")) {
                return null;
            }
            return HookPoints.atEntry(next, 1, code -> {
                code.visitVarInsn(Opcodes.ALOAD, 0);
                code.visitMethodInsn(Opcodes.INVOKESTATIC, Type.getInternalName(ApacheHttpClient4Hooks.class), "onCall",
                        "(Ljava/lang/Object;)V", false);
            });
        }
        if (!methodName.equals("decorateProtocolExec") || !descriptor.equals("(L" + CHAIN + ";)L" + CHAIN + ";")) {
            return null;
        }
        return HookPoints.beforeEachReturn(next, 0, code -> {
            code.visitMethodInsn(Opcodes.INVOKESTATIC, Type.getInternalName(ApacheHttpClient4Hooks.class), "onProtocolExec",
                    "(Ljava/lang/Object;)Ljava/lang/Object;", false);
            code.visitTypeInsn(Opcodes.CHECKCAST, CHAIN);
        });
    }

    @Override
    public Class<?> entry() {
        return ApacheHttpClient4Hooks.class;
    }
}
