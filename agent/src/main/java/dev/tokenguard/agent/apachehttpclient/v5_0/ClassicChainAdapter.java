package dev.tokenguard.agent.apachehttpclient.v5_0;

import dev.tokenguard.agent.library.LibraryAdapter;
import org.apache.hc.client5.http.classic.ExecChainHandler;
import org.apache.hc.core5.http.config.NamedElementChain;

/** Adds the {@link ClassicGuardHandler} to a classic builder's exec chain definition. */
public final class ClassicChainAdapter implements LibraryAdapter {
    private final ClassicGuardHandler handler = new ClassicGuardHandler();
    private final RetriedClassic retried = new RetriedClassic();

    @Override
    @SuppressWarnings("unchecked")
    public Object adapt(Object clientPart) {
        ExecChainPlacement.insert((NamedElementChain<ExecChainHandler>) clientPart, handler, retried);
        return clientPart;
    }
}
