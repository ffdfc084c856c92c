package dev.tokenguard.agent.apachehttpclient.v5_0;

import dev.tokenguard.agent.library.LibraryAdapter;
import org.apache.hc.client5.http.async.AsyncExecChainHandler;
import org.apache.hc.core5.http.config.NamedElementChain;

/** Adds the {@link AsyncGuardHandler} to an async (HTTP/1.1 or HTTP/2) builder's exec chain definition. */
public final class AsyncChainAdapter implements LibraryAdapter {
    private final AsyncGuardHandler handler = new AsyncGuardHandler();
    private final RetriedAsync retried = new RetriedAsync();

    @Override
    @SuppressWarnings("unchecked")
    public Object adapt(Object clientPart) {
        ExecChainPlacement.insert((NamedElementChain<AsyncExecChainHandler>) clientPart, handler, retried);
        return clientPart;
    }
}
