package dev.tokenguard.agent.okhttp.v3_0;

import dev.tokenguard.agent.library.LibraryAdapter;
import java.util.List;
import okhttp3.Interceptor;
import okhttp3.OkHttpClient;

/**
 * Keeps exactly one {@link GuardInterceptor}, last among a builder's application interceptors.
 *
 * <p>Called when a builder is made and again when it builds. Made: OkHttp 4's copy constructor (used
 * by {@code newBuilder()}) first runs the no-argument one, which adds ours, then appends the client's
 * interceptors, ours among them, so a copy arrives with two. Builds: interceptors the application
 * added since come after ours, and one of them may set its own {@code Authorization}; moving ours
 * last lets agent-core see, and replace, what the application's interceptors produced. A builder
 * copied from a client fixed after the attach ({@link OkHttp3ClientAdapter}) has that adapter's
 * interceptor, of another copy of the class: any copy is replaced.
 */
public final class OkHttp3Adapter implements LibraryAdapter {
    private final GuardInterceptor interceptor = new GuardInterceptor();

    @Override
    public Object adapt(Object clientPart) {
        List<Interceptor> interceptors = ((OkHttpClient.Builder) clientPart).interceptors();
        int first = interceptors.indexOf(interceptor);
        if (first < 0 || first != interceptors.size() - 1) {
            interceptors.removeIf(GuardInterceptor::isAnyCopy);
            interceptors.add(interceptor);
        }
        return clientPart;
    }
}
