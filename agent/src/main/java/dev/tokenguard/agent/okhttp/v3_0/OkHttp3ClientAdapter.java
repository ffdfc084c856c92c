package dev.tokenguard.agent.okhttp.v3_0;

import dev.tokenguard.agent.library.AdapterFailures;
import dev.tokenguard.agent.library.LibraryAdapter;
import java.lang.reflect.Field;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import okhttp3.Interceptor;
import okhttp3.OkHttpClient;

/**
 * The application interceptors of a client built before tokenguard was attached, and so without its
 * {@link GuardInterceptor}: returns them with one added last, where the builder's hook would have put
 * it ({@link OkHttp3Adapter}), and writes that list into the client's final {@code interceptors}
 * field, once, so that its later calls find it there and cost nothing more (OkHttp is in the
 * application's unnamed module, where reflection may write it). Where the write is refused the
 * client is still guarded: every call gets a new list with the interceptor, and the refusal is
 * logged once.
 *
 * <p>Ours is recognised by its class name: the builder's hook runs another copy of this package
 * (one per hooked class), whose interceptor is of another {@code Class} with the same name.
 */
public final class OkHttp3ClientAdapter implements LibraryAdapter {
    private final GuardInterceptor interceptor = new GuardInterceptor();
    /**
     * Null where the field cannot be reached (OkHttp in a named module that does not open it to
     * reflection): then clients built before an attach cannot be guarded, which is logged once, at
     * ERROR, rather than on each of their calls. Clients built through the builder's hook are guarded anyway.
     */
    private final Field interceptors;
    /** False once the field refused a write: then no client's is tried again. */
    private volatile boolean writable = true;

    public OkHttp3ClientAdapter() {
        Field found;
        try {
            found = OkHttpClient.class.getDeclaredField("interceptors");
            found.setAccessible(true);
        } catch (ReflectiveOperationException | RuntimeException e) {
            AdapterFailures.report(OkHttp3Exchange.LIBRARY, new IllegalStateException("clients built before tokenguard"
                    + " was attached cannot be guarded: their calls go on unguarded", e));
            found = null;
        }
        interceptors = found;
    }

    /** {@code client}'s application interceptors with ours last, or null where they cannot be read. */
    @Override
    public Object adapt(Object client) {
        if (interceptors == null) {
            return null;
        }
        // Under the client's lock: a write seen by the next caller that takes this path, one list per client.
        synchronized (client) {
            List<Interceptor> current = read(client);
            if (!current.isEmpty() && GuardInterceptor.isAnyCopy(current.get(current.size() - 1))) {
                return current;
            }
            List<Interceptor> guarded = new ArrayList<>(current.size() + 1);
            for (Interceptor each : current) {
                if (!GuardInterceptor.isAnyCopy(each)) {
                    guarded.add(each);
                }
            }
            guarded.add(interceptor);
            List<Interceptor> result = Collections.unmodifiableList(guarded);
            write(client, result);
            return result;
        }
    }

    @SuppressWarnings("unchecked")
    private List<Interceptor> read(Object client) {
        try {
            return (List<Interceptor>) interceptors.get(client);
        } catch (IllegalAccessException e) {
            throw new IllegalStateException("cannot read the interceptors of a client built before the attach", e);
        }
    }

    private void write(Object client, List<Interceptor> guarded) {
        if (!writable) {
            return;
        }
        try {
            interceptors.set(client, guarded);
        } catch (IllegalAccessException | RuntimeException e) {
            writable = false;
            AdapterFailures.report(OkHttp3Exchange.LIBRARY, new IllegalStateException("cannot keep the interceptor"
                    + " in a client built before the attach; it is added to each of its calls instead", e));
        }
    }
}
