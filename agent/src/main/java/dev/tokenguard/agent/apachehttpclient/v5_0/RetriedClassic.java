package dev.tokenguard.agent.apachehttpclient.v5_0;

import dev.tokenguard.agent.library.AdapterFailures;
import dev.tokenguard.core.http.RequestGuard;
import java.io.IOException;
import org.apache.hc.client5.http.classic.ExecChain;
import org.apache.hc.client5.http.classic.ExecChainHandler;
import org.apache.hc.core5.http.ClassicHttpRequest;
import org.apache.hc.core5.http.ClassicHttpResponse;
import org.apache.hc.core5.http.HttpException;

/** A classic client's element below its retry element ({@link RetriedResponses}). */
final class RetriedClassic implements ExecChainHandler {

    @Override
    public ClassicHttpResponse execute(ClassicHttpRequest request, ExecChain.Scope scope, ExecChain chain)
            throws IOException, HttpException {
        ClassicHttpResponse response = chain.proceed(request, scope);
        if (response.getCode() == 429) {
            RequestGuard guard = Apache5Messages.guardFor(scope.route);
            RetriedResponses.seen(scope.clientContext, guard, response, errorBody(response));
        }
        return response;
    }

    private static String errorBody(ClassicHttpResponse response) {
        try {
            return RequestGuard.wantsErrorBody(429, Apache5Messages.responseHeaders(response))
                    ? ClassicExchange.peekErrorBody(response) : null;
        } catch (IOException | RuntimeException | LinkageError e) {
            AdapterFailures.report(Apache5Messages.LIBRARY, e);
            return null;
        }
    }
}
