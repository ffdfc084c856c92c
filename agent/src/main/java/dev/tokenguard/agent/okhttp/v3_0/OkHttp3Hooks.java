package dev.tokenguard.agent.okhttp.v3_0;

import dev.tokenguard.agent.library.AdapterFailures;
import dev.tokenguard.agent.library.LibraryAdapters;

/** The static entry that {@link OkHttp3Instrumentation}'s hook calls, from OkHttp's builder. */
public final class OkHttp3Hooks {
    private static final LibraryAdapters ADAPTERS =
            new LibraryAdapters("dev.tokenguard.agent.okhttp.v3_0.OkHttp3Adapter");

    private OkHttp3Hooks() {}

    public static void onBuilder(Object builder) {
        try {
            ADAPTERS.forClass(builder.getClass()).adapt(builder);
        } catch (RuntimeException | LinkageError e) {
            AdapterFailures.report("okhttp", e);
        }
    }
}
