package dev.tokenguard.agent.apachehttpclient.v5_0;

import dev.tokenguard.core.http.RequestGuard;
import java.io.IOException;
import org.apache.hc.client5.http.classic.ExecChain;
import org.apache.hc.client5.http.classic.ExecChainHandler;
import org.apache.hc.core5.http.ClassicHttpRequest;
import org.apache.hc.core5.http.ClassicHttpResponse;
import org.apache.hc.core5.http.HttpException;

/** Tokenguard's element in a classic client's exec chain: one call per hop (see {@link ExecChainPlacement}). */
final class ClassicGuardHandler implements ExecChainHandler {

    @Override
    public ClassicHttpResponse execute(ClassicHttpRequest request, ExecChain.Scope scope, ExecChain chain)
            throws IOException, HttpException {
        RequestGuard guard = Apache5Messages.guardFor(scope.route);
        if (guard == null) {
            if (OffCarrierRedirects.otherHostHop(scope.clientContext, scope.exchangeId, request)) {
                // The retry element below rebuilds a re-sent request from the scope's original.
                return chain.proceed(request, new ExecChain.Scope(
                        scope.exchangeId, scope.route, request, scope.execRuntime, scope.clientContext));
            }
            return chain.proceed(request, scope);
        }
        OffCarrierRedirects.carrierHop(scope.clientContext, scope.exchangeId);
        return new ClassicExchange(scope, chain).send(guard, request);
    }
}
