package dev.tokenguard.agent.okhttp.v3_0;

import dev.tokenguard.agent.library.CarrierGuard;
import dev.tokenguard.core.http.RequestGuard;
import java.io.IOException;
import okhttp3.HttpUrl;
import okhttp3.Interceptor;
import okhttp3.Request;
import okhttp3.Response;

/** The application interceptor that puts tokenguard in front of every call of an OkHttp client. */
final class GuardInterceptor implements Interceptor {

    /**
     * Whether {@code interceptor} is one of ours, of any copy of this class: each hooked OkHttp class
     * has its own copy of this package ({@code LibraryAdapters}), so the builder's and the client's
     * hooks make interceptors of two classes with this one name.
     */
    static boolean isAnyCopy(Object interceptor) {
        return interceptor.getClass().getName().equals(GuardInterceptor.class.getName());
    }

    @Override
    public Response intercept(Chain chain) throws IOException {
        Request request = chain.request();
        HttpUrl url = request.url();
        RequestGuard guard = CarrierGuard.forHost(OkHttp3Exchange.LIBRARY, url.scheme(), url.host(), url.port());
        if (guard == null) {
            return chain.proceed(request);
        }
        return new OkHttp3Exchange(chain).send(guard, request);
    }
}
