package dev.tokenguard.agent.apachehttpclient.v5_0;

import dev.tokenguard.agent.library.AdapterFailures;
import java.lang.reflect.Constructor;
import java.lang.reflect.Field;
import java.lang.reflect.InvocationTargetException;
import java.util.ArrayList;
import java.util.List;

/**
 * The exec chain of a client that was built before tokenguard was attached, and so without its
 * handler: {@link #ensure} links the handler in, once, where {@link ExecChainPlacement} puts it at
 * build time. HttpClient 5 links the chain's elements when it builds a client and keeps the head in
 * the client's final {@code execChain} field, in package-private element classes
 * ({@code handler}, {@code next}) that are the same for classic and async, from 5.0 to 5.4; there is
 * no API to change it, so the new chain is made and the field written by reflection (both the client
 * and HttpClient are in the application's unnamed module).
 *
 * <p>The handler is recognised by its class name, not its class: the builder's hook and this one
 * each run their own copy of the adapter package (one per hooked class), so the handler a builder
 * put in is of another {@code Class} with the same name.
 *
 * <p>A client whose chain has the handler costs a walk down to it, two field reads per element
 * (the redirect element comes first, then the handler); one that lacks it is relinked under a lock on
 * the client, which also makes the write visible to the next caller that takes the slow path.
 */
final class LinkedChain {
    private final Field head;
    private final Field handler;
    private final Field next;
    private final Constructor<?> element;
    private final Class<?> redirect;
    private final Class<?> retry;
    private final String guardName;

    /**
     * @param clientClass the class that declares the {@code execChain} field, by name (it is not
     *                    public), in the loader of {@code redirect}
     * @param redirect    the redirect handler's class, below which the handler goes
     * @param retry       the retry handler's class, below which the {@link RetriedResponses} element goes
     * @param guardClass  tokenguard's handler class
     */
    LinkedChain(String clientClass, Class<?> redirect, Class<?> retry, Class<?> guardClass)
            throws ReflectiveOperationException {
        this.head = accessible(Class.forName(clientClass, false, redirect.getClassLoader()).getDeclaredField("execChain"));
        Class<?> elementClass = head.getType();
        this.handler = accessible(elementClass.getDeclaredField("handler"));
        this.next = accessible(elementClass.getDeclaredField("next"));
        this.element = elementClass.getDeclaredConstructor(handler.getType(), elementClass);
        this.element.setAccessible(true);
        this.redirect = redirect;
        this.retry = retry;
        this.guardName = guardClass.getName();
    }

    /**
     * The chain of this HttpClient, or null where its fields cannot be reached (a version that names
     * them otherwise, or HttpClient in a named module that does not open them to reflection): then
     * clients built before an attach cannot be guarded, which is logged once here, at ERROR, rather
     * than on each of their calls. Clients built through the builder's hook are guarded anyway.
     */
    static LinkedChain orNull(String clientClass, Class<?> redirect, Class<?> retry, Class<?> guardClass) {
        try {
            return new LinkedChain(clientClass, redirect, retry, guardClass);
        } catch (ReflectiveOperationException | RuntimeException e) {
            AdapterFailures.report(Apache5Messages.LIBRARY, new IllegalStateException("clients built before tokenguard"
                    + " was attached cannot be guarded: their calls go on unguarded", e));
            return null;
        }
    }

    /**
     * Links {@code guard} into {@code client}'s chain unless a handler of its class is there already,
     * and {@code retried} right below the retry handler, where there is one.
     */
    void ensure(Object client, Object guard, Object retried) throws ReflectiveOperationException {
        if (hasGuard(head.get(client))) {
            return;
        }
        synchronized (client) {
            Object first = head.get(client);
            if (hasGuard(first)) {
                return;
            }
            List<Object> handlers = new ArrayList<>();
            for (Object e = first; e != null; e = next.get(e)) {
                handlers.add(handler.get(e));
            }
            handlers.add(ExecChainPlacement.linkedIndex(handlers, redirect), guard);
            int belowRetry = ExecChainPlacement.linkedIndex(handlers, retry);
            if (belowRetry > 0) {
                handlers.add(belowRetry, retried);
            }
            Object relinked = null;
            for (int i = handlers.size() - 1; i >= 0; i--) {
                relinked = newElement(handlers.get(i), relinked);
            }
            head.set(client, relinked);
        }
    }

    /** {@code client}, its chain {@link #ensure ensured}; a failure is thrown as the adapter's own. */
    Object guarded(Object client, Object guard, Object retried) {
        try {
            ensure(client, guard, retried);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("cannot add tokenguard's handler to a client built before the attach", e);
        }
        return client;
    }

    private boolean hasGuard(Object first) throws IllegalAccessException {
        for (Object e = first; e != null; e = next.get(e)) {
            if (handler.get(e).getClass().getName().equals(guardName)) {
                return true;
            }
        }
        return false;
    }

    private Object newElement(Object handlerOfIt, Object nextOfIt) throws ReflectiveOperationException {
        try {
            return element.newInstance(handlerOfIt, nextOfIt);
        } catch (InvocationTargetException e) {
            throw new IllegalStateException("cannot link the exec chain", e.getCause());
        }
    }

    private static Field accessible(Field field) {
        field.setAccessible(true);
        return field;
    }
}
