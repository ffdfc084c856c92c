package dev.tokenguard.agent.apachehttpclient.v4_5;

import dev.tokenguard.agent.library.LibraryAdapter;
import org.apache.http.impl.execchain.ClientExecChain;

/** Puts a {@link GuardClientExecChain} in front of a client's protocol element. */
public final class ProtocolExecAdapter implements LibraryAdapter {

    @Override
    public Object adapt(Object clientPart) {
        return clientPart instanceof GuardClientExecChain ? clientPart
                : new GuardClientExecChain((ClientExecChain) clientPart);
    }
}
