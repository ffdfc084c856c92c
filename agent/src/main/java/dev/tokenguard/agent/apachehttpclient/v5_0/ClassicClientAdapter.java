package dev.tokenguard.agent.apachehttpclient.v5_0;

import dev.tokenguard.agent.library.LibraryAdapter;
import org.apache.hc.client5.http.impl.classic.HttpRequestRetryExec;
import org.apache.hc.client5.http.impl.classic.RedirectExec;

/** Adds the {@link ClassicGuardHandler} to a classic client built without it, on its first call (see {@link LinkedChain}). */
public final class ClassicClientAdapter implements LibraryAdapter {
    private final ClassicGuardHandler handler = new ClassicGuardHandler();
    private final RetriedClassic retried = new RetriedClassic();
    /** Null where this HttpClient's chain cannot be reached (said once, by {@link LinkedChain#orNull}). */
    private final LinkedChain chain;

    public ClassicClientAdapter() {
        chain = LinkedChain.orNull("org.apache.hc.client5.http.impl.classic.InternalHttpClient", RedirectExec.class,
                HttpRequestRetryExec.class, ClassicGuardHandler.class);
    }

    @Override
    public Object adapt(Object client) {
        return chain == null ? client : chain.guarded(client, handler, retried);
    }
}
