package dev.tokenguard.agent.apachehttpclient.v5_0;

import dev.tokenguard.agent.library.AdapterFailures;
import dev.tokenguard.agent.library.LibraryAdapters;

/** The static entries that {@link ApacheHttpClient5Instrumentation}'s advice calls. */
public final class ApacheHttpClient5Hooks {
    private static final LibraryAdapters CLASSIC =
            new LibraryAdapters("dev.tokenguard.agent.apachehttpclient.v5_0.ClassicChainAdapter");
    private static final LibraryAdapters ASYNC =
            new LibraryAdapters("dev.tokenguard.agent.apachehttpclient.v5_0.AsyncChainAdapter");

    private ApacheHttpClient5Hooks() {}

    public static void onClassicChain(Object builder, Object chainDefinition) {
        adapt(CLASSIC, builder, chainDefinition);
    }

    public static void onAsyncChain(Object builder, Object chainDefinition) {
        adapt(ASYNC, builder, chainDefinition);
    }

    private static void adapt(LibraryAdapters adapters, Object builder, Object chainDefinition) {
        try {
            adapters.forClass(builder.getClass()).adapt(chainDefinition);
        } catch (RuntimeException | LinkageError e) {
            AdapterFailures.report(Apache5Messages.LIBRARY, e);
        }
    }
}
