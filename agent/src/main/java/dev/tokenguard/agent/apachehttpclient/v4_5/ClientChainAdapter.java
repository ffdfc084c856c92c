package dev.tokenguard.agent.apachehttpclient.v4_5;

import dev.tokenguard.agent.library.AdapterFailures;
import dev.tokenguard.agent.library.LibraryAdapter;
import java.lang.reflect.Field;
import java.util.List;
import org.apache.http.impl.execchain.BackoffStrategyExec;
import org.apache.http.impl.execchain.ClientExecChain;
import org.apache.http.impl.execchain.ProtocolExec;
import org.apache.http.impl.execchain.RedirectExec;
import org.apache.http.impl.execchain.RetryExec;
import org.apache.http.impl.execchain.ServiceUnavailableRetryExec;

/**
 * The exec chain of a 4.5 client built before tokenguard was attached, and so without its element:
 * puts a {@link GuardClientExecChain} in front of the protocol element, once, where the builder's hook
 * would have ({@link ApacheHttpClient4Instrumentation}). 4.5 nests its elements, each holding the
 * next in a final {@code requestExecutor} field, from the client's final {@code execChain} down
 * through the decorators {@code HttpClientBuilder} adds above the protocol element; the wrapped
 * element is written into the field that held the protocol element, by reflection (HttpClient is in
 * the application's unnamed module).
 *
 * <p>Ours is recognised by its class name: the builder's hook runs another copy of this package, whose
 * element is of another {@code Class} with the same name. A client whose chain has it costs a walk
 * down to it, a field read per decorator.
 */
public final class ClientChainAdapter implements LibraryAdapter {
    /** Declares {@code execChain}; not public. */
    private static final String CLIENT = "org.apache.http.impl.client.InternalHttpClient";
    /** The elements {@code HttpClientBuilder} puts above the protocol element. */
    private static final List<Class<? extends ClientExecChain>> DECORATORS = List.of(
            RedirectExec.class, RetryExec.class, ServiceUnavailableRetryExec.class, BackoffStrategyExec.class);

    /**
     * Null where the fields cannot be reached (HttpClient in a named module that does not open them to
     * reflection): then clients built before an attach cannot be guarded, which is logged once, at
     * ERROR, rather than on each of their calls. Clients built through the builder's hook are guarded anyway.
     */
    private final Field head;
    /** {@code requestExecutor} of each of {@link #DECORATORS}, in that order. */
    private final Field[] nextOf = new Field[DECORATORS.size()];

    public ClientChainAdapter() {
        Field found;
        try {
            found = Class.forName(CLIENT, false, ProtocolExec.class.getClassLoader()).getDeclaredField("execChain");
            found.setAccessible(true);
            for (int i = 0; i < nextOf.length; i++) {
                nextOf[i] = DECORATORS.get(i).getDeclaredField("requestExecutor");
                nextOf[i].setAccessible(true);
            }
        } catch (ReflectiveOperationException | RuntimeException e) {
            AdapterFailures.report(Apache4Exchange.LIBRARY, new IllegalStateException("clients built before tokenguard"
                    + " was attached cannot be guarded: their calls go on unguarded", e));
            found = null;
        }
        head = found;
    }

    @Override
    public Object adapt(Object client) {
        if (head == null) {
            return client;
        }
        try {
            if (!hasGuard(client)) {
                synchronized (client) {
                    if (!hasGuard(client)) {
                        wrapProtocolExec(client);
                    }
                }
            }
            return client;
        } catch (IllegalAccessException e) {
            throw new IllegalStateException("cannot add tokenguard's element to a client built before the attach", e);
        }
    }

    private boolean hasGuard(Object client) throws IllegalAccessException {
        for (Object e = head.get(client); e != null; e = next(e)) {
            if (e.getClass().getName().equals(GuardClientExecChain.class.getName())) {
                return true;
            }
        }
        return false;
    }

    private void wrapProtocolExec(Object client) throws IllegalAccessException {
        Object holder = client;
        Field field = head;
        for (Object e = head.get(client); e != null; e = next(e)) {
            if (e instanceof ProtocolExec protocolExec) {
                field.set(holder, new GuardClientExecChain(protocolExec));
                return;
            }
            holder = e;
            field = nextField(e);
        }
        throw new IllegalStateException("a client built before the attach has no protocol element among the ones"
                + " HttpClientBuilder makes; its calls are not guarded");
    }

    /** The element below {@code element}, or null below the last decorator or an element this does not know. */
    private Object next(Object element) throws IllegalAccessException {
        Field field = nextField(element);
        return field == null ? null : field.get(element);
    }

    private Field nextField(Object element) {
        for (int i = 0; i < nextOf.length; i++) {
            if (DECORATORS.get(i) == element.getClass()) {
                return nextOf[i];
            }
        }
        return null;
    }
}
