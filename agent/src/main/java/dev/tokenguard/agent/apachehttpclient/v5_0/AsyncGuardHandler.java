package dev.tokenguard.agent.apachehttpclient.v5_0;

import dev.tokenguard.core.http.RequestGuard;
import java.io.IOException;
import org.apache.hc.client5.http.async.AsyncExecCallback;
import org.apache.hc.client5.http.async.AsyncExecChain;
import org.apache.hc.client5.http.async.AsyncExecChainHandler;
import org.apache.hc.core5.http.HttpException;
import org.apache.hc.core5.http.HttpRequest;
import org.apache.hc.core5.http.nio.AsyncEntityProducer;

/** Tokenguard's element in an async client's exec chain: one call per hop (see {@link ExecChainPlacement}). */
final class AsyncGuardHandler implements AsyncExecChainHandler {

    @Override
    public void execute(HttpRequest request, AsyncEntityProducer entityProducer, AsyncExecChain.Scope scope,
            AsyncExecChain chain, AsyncExecCallback callback) throws HttpException, IOException {
        RequestGuard guard = Apache5Messages.guardFor(scope.route);
        if (guard == null) {
            OffCarrierRedirects.otherHostHop(scope.clientContext, scope.exchangeId, request);
            chain.proceed(request, entityProducer, scope, callback);
            return;
        }
        OffCarrierRedirects.carrierHop(scope.clientContext, scope.exchangeId);
        new AsyncExchange(guard, request, entityProducer, scope, chain, callback).start();
    }
}
