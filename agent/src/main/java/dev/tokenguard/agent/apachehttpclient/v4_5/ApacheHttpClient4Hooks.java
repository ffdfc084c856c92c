package dev.tokenguard.agent.apachehttpclient.v4_5;

import dev.tokenguard.agent.library.AdapterFailures;
import dev.tokenguard.agent.library.LibraryAdapters;

/** The static entries that {@link ApacheHttpClient4Instrumentation}'s hooks call. */
public final class ApacheHttpClient4Hooks {
    private static final LibraryAdapters ADAPTERS =
            new LibraryAdapters("dev.tokenguard.agent.apachehttpclient.v4_5.ProtocolExecAdapter");

    private static final LibraryAdapters CLIENTS =
            new LibraryAdapters("dev.tokenguard.agent.apachehttpclient.v4_5.ClientChainAdapter");

    private ApacheHttpClient4Hooks() {}

    /** From the entry of {@code InternalHttpClient.doExecute}: wraps the protocol element of a chain built without ours. */
    public static void onCall(Object client) {
        try {
            CLIENTS.forClass(client.getClass()).adapt(client);
        } catch (RuntimeException | LinkageError e) {
            // The call goes on through the chain as it was: unguarded, which the ERROR line says.
            AdapterFailures.report(Apache4Exchange.LIBRARY, e);
        }
    }

    /** The exec chain element the client should use in place of {@code protocolExec}. */
    public static Object onProtocolExec(Object protocolExec) {
        try {
            return ADAPTERS.forClass(protocolExec.getClass()).adapt(protocolExec);
        } catch (RuntimeException | LinkageError e) {
            AdapterFailures.report(Apache4Exchange.LIBRARY, e);
            return protocolExec;
        }
    }
}
