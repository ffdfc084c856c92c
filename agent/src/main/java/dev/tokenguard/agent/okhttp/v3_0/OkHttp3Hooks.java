package dev.tokenguard.agent.okhttp.v3_0;

import dev.tokenguard.agent.library.AdapterFailures;
import dev.tokenguard.agent.library.LibraryAdapters;
import java.util.List;

/** The static entries that {@link OkHttp3Instrumentation}'s hooks call, from OkHttp's builder and client. */
public final class OkHttp3Hooks {
    private static final LibraryAdapters ADAPTERS =
            new LibraryAdapters("dev.tokenguard.agent.okhttp.v3_0.OkHttp3Adapter");

    private static final LibraryAdapters CLIENTS =
            new LibraryAdapters("dev.tokenguard.agent.okhttp.v3_0.OkHttp3ClientAdapter");
    /** Named, not referenced: the agent's loader may not see OkHttp, whose interface it implements. */
    private static final String GUARD_INTERCEPTOR = "dev.tokenguard.agent.okhttp.v3_0.GuardInterceptor";

    private OkHttp3Hooks() {}

    /**
     * From each return of {@code OkHttpClient.interceptors()}, which every call reads to build its
     * chain: the list itself where ours is last in it (a client built through the builder's hook, or
     * one fixed before), else the list with ours added ({@link OkHttp3ClientAdapter}, a client built
     * before tokenguard was attached). Whatever fails, the call goes on with the list it had.
     */
    public static List<?> onInterceptors(List<?> interceptors, Object client) {
        int size = interceptors.size();
        if (size > 0 && interceptors.get(size - 1).getClass().getName().equals(GUARD_INTERCEPTOR)) {
            return interceptors;
        }
        try {
            List<?> guarded = (List<?>) CLIENTS.forClass(client.getClass()).adapt(client);
            return guarded == null ? interceptors : guarded;
        } catch (RuntimeException | LinkageError e) {
            AdapterFailures.report("okhttp", e);
            return interceptors;
        }
    }

    public static void onBuilder(Object builder) {
        try {
            ADAPTERS.forClass(builder.getClass()).adapt(builder);
        } catch (RuntimeException | LinkageError e) {
            AdapterFailures.report("okhttp", e);
        }
    }
}
