package dev.tokenguard.agent.apachehttpclient.v5_0;

import dev.tokenguard.agent.library.AdapterFailures;
import dev.tokenguard.agent.library.LibraryAdapters;

/** The static entry that {@link ApacheHttpClient5Instrumentation}'s hook calls. */
public final class ApacheHttpClient5Hooks {
    private static final String CLASSIC_BUILDER = "org.apache.hc.client5.http.impl.classic.HttpClientBuilder";
    private static final String ASYNC_BUILDER = "org.apache.hc.client5.http.impl.async.HttpAsyncClientBuilder";
    private static final String H2_ASYNC_BUILDER = "org.apache.hc.client5.http.impl.async.H2AsyncClientBuilder";

    private static final LibraryAdapters CLASSIC =
            new LibraryAdapters("dev.tokenguard.agent.apachehttpclient.v5_0.ClassicChainAdapter");
    private static final LibraryAdapters ASYNC =
            new LibraryAdapters("dev.tokenguard.agent.apachehttpclient.v5_0.AsyncChainAdapter");

    private static final LibraryAdapters CLASSIC_CLIENT =
            new LibraryAdapters("dev.tokenguard.agent.apachehttpclient.v5_0.ClassicClientAdapter");
    private static final LibraryAdapters ASYNC_CLIENT =
            new LibraryAdapters("dev.tokenguard.agent.apachehttpclient.v5_0.AsyncClientAdapter");

    private ApacheHttpClient5Hooks() {}

    /** From the entry of a classic client's {@code doExecute}: links the handler into a chain built without it. */
    public static void onClassicCall(Object client) {
        onCall(CLASSIC_CLIENT, client);
    }

    /** From the entry of an async client's {@code doExecute}: links the handler into a chain built without it. */
    public static void onAsyncCall(Object client) {
        onCall(ASYNC_CLIENT, client);
    }

    private static void onCall(LibraryAdapters adapters, Object client) {
        try {
            adapters.forClass(client.getClass()).adapt(client);
        } catch (RuntimeException | LinkageError e) {
            // The call goes on through the chain as it was: unguarded, which the ERROR line says.
            AdapterFailures.report(Apache5Messages.LIBRARY, e);
        }
    }

    /**
     * From {@code customizeExecChain} of a class named like a client builder: adds the handler if the
     * builder is one of HttpClient 5's, classic or async; any other class is left alone.
     */
    public static void onChain(Object builder, Object chainDefinition) {
        try {
            for (Class<?> type = builder.getClass(); type != null; type = type.getSuperclass()) {
                switch (type.getName()) {
                    case CLASSIC_BUILDER -> {
                        CLASSIC.forClass(builder.getClass()).adapt(chainDefinition);
                        return;
                    }
                    case ASYNC_BUILDER, H2_ASYNC_BUILDER -> {
                        ASYNC.forClass(builder.getClass()).adapt(chainDefinition);
                        return;
                    }
                    default -> { }
                }
            }
        } catch (RuntimeException | LinkageError e) {
            AdapterFailures.report(Apache5Messages.LIBRARY, e);
        }
    }
}
