package dev.tokenguard.agent.urlconnection;

import dev.tokenguard.agent.ClientInstrumentation;
import dev.tokenguard.agent.HookPoints;
import dev.tokenguard.bootstrap.Bridge;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.Type;

/**
 * {@code HttpURLConnection} and {@code HttpsURLConnection}: the JDK's {@code http} and {@code https}
 * URL handlers hand out a {@link GuardedHttpURLConnection} or {@link GuardedHttpsURLConnection} in
 * place of the connection they made, for carrier hosts only. A delegating connection, rather than
 * hooks on each method of {@code sun.net.www.protocol.http.HttpURLConnection}, is what lets the
 * agent answer from its cache and send a request again after a 401: the JDK's connection can be
 * used for one exchange only, and its header fields are frozen once it connects.
 *
 * <p>The hook, before each return of both handlers' {@code openConnection(URL)} and
 * {@code openConnection(URL, Proxy)}: {@code connection = Bridge.wrapConnection(connection, url, proxy)}.
 * In JDK 17 the one-argument method calls the other; the wrapping is idempotent, so whichever
 * nesting a JDK uses is fine.
 */
public final class UrlConnectionInstrumentation implements ClientInstrumentation {
    private static final String OPEN = "(Ljava/net/URL;)Ljava/net/URLConnection;";
    private static final String OPEN_WITH_PROXY = "(Ljava/net/URL;Ljava/net/Proxy;)Ljava/net/URLConnection;";
    private static final String WRAP = "(Ljava/net/URLConnection;Ljava/net/URL;Ljava/net/Proxy;)Ljava/net/URLConnection;";

    @Override
    public boolean targets(String className) {
        return className.equals("sun/net/www/protocol/http/Handler") || className.equals("sun/net/www/protocol/https/Handler");
    }

    @Override
    public MethodVisitor hook(String className, String methodName, String descriptor, MethodVisitor next) {
        if (!methodName.equals("openConnection") || !(descriptor.equals(OPEN) || descriptor.equals(OPEN_WITH_PROXY))) {
            return null;
        }
        boolean withProxy = descriptor.equals(OPEN_WITH_PROXY);
        return HookPoints.beforeEachReturn(next, 2, code -> {
            code.visitVarInsn(Opcodes.ALOAD, 1);
            if (withProxy) {
                code.visitVarInsn(Opcodes.ALOAD, 2);
            } else {
                code.visitInsn(Opcodes.ACONST_NULL);
            }
            code.visitMethodInsn(Opcodes.INVOKESTATIC, Type.getInternalName(Bridge.class), "wrapConnection", WRAP, false);
        });
    }

    @Override
    public Class<?> entry() {
        return Bridge.class;
    }
}
