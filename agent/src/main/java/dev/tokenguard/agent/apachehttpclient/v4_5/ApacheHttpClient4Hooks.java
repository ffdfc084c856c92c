package dev.tokenguard.agent.apachehttpclient.v4_5;

import dev.tokenguard.agent.library.AdapterFailures;
import dev.tokenguard.agent.library.LibraryAdapters;

/** The static entry that {@link ApacheHttpClient4Instrumentation}'s hook calls. */
public final class ApacheHttpClient4Hooks {
    private static final LibraryAdapters ADAPTERS =
            new LibraryAdapters("dev.tokenguard.agent.apachehttpclient.v4_5.ProtocolExecAdapter");

    private ApacheHttpClient4Hooks() {}

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
