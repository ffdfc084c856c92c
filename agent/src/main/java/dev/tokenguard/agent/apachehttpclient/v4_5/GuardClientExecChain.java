package dev.tokenguard.agent.apachehttpclient.v4_5;

import dev.tokenguard.agent.library.CarrierGuard;
import dev.tokenguard.core.http.RequestGuard;
import java.io.IOException;
import org.apache.http.HttpException;
import org.apache.http.HttpHost;
import org.apache.http.client.methods.CloseableHttpResponse;
import org.apache.http.client.methods.HttpExecutionAware;
import org.apache.http.client.methods.HttpRequestWrapper;
import org.apache.http.client.protocol.HttpClientContext;
import org.apache.http.conn.routing.HttpRoute;
import org.apache.http.impl.execchain.ClientExecChain;

/** Tokenguard's element of a 4.5 exec chain, in front of the protocol element: one call per hop. */
final class GuardClientExecChain implements ClientExecChain {
    private final ClientExecChain protocolExec;

    GuardClientExecChain(ClientExecChain protocolExec) {
        this.protocolExec = protocolExec;
    }

    @Override
    public CloseableHttpResponse execute(HttpRoute route, HttpRequestWrapper request, HttpClientContext context,
            HttpExecutionAware execAware) throws IOException, HttpException {
        HttpHost target = route.getTargetHost();
        RequestGuard guard = CarrierGuard.forHost(Apache4Exchange.LIBRARY, target.getSchemeName(),
                target.getHostName(), target.getPort());
        if (guard == null) {
            OffCarrierRedirects.otherHostHop(context, request);
            return protocolExec.execute(route, request, context, execAware);
        }
        OffCarrierRedirects.carrierHop(context);
        return new Apache4Exchange(protocolExec, route, context, execAware).send(guard, request);
    }
}
