package dev.tokenguard.agent.apachehttpclient.v5_0;

import dev.tokenguard.agent.library.LibraryAdapter;
import org.apache.hc.client5.http.impl.async.AsyncHttpRequestRetryExec;
import org.apache.hc.client5.http.impl.async.AsyncRedirectExec;

/** Adds the {@link AsyncGuardHandler} to an async client built without it, on its first call (see {@link LinkedChain}). */
public final class AsyncClientAdapter implements LibraryAdapter {
    /** Declares the chain of the HTTP/1.1 and the HTTP/2 clients. */
    private static final String CHAIN_OWNER = "org.apache.hc.client5.http.impl.async.InternalAbstractHttpAsyncClient";

    private final AsyncGuardHandler handler = new AsyncGuardHandler();
    private final RetriedAsync retried = new RetriedAsync();
    /** Null where this HttpClient's chain cannot be reached (said once, by {@link LinkedChain#orNull}). */
    private final LinkedChain chain;

    public AsyncClientAdapter() {
        chain = LinkedChain.orNull(CHAIN_OWNER, AsyncRedirectExec.class, AsyncHttpRequestRetryExec.class,
                AsyncGuardHandler.class);
    }

    @Override
    public Object adapt(Object client) {
        return chain == null ? client : chain.guarded(client, handler, retried);
    }
}
