package dev.tokenguard.agent.apachehttpclient.v5_0;

import java.io.IOException;
import org.apache.hc.client5.http.async.AsyncExecCallback;
import org.apache.hc.client5.http.async.AsyncExecChain;
import org.apache.hc.client5.http.async.AsyncExecChainHandler;
import org.apache.hc.core5.http.EntityDetails;
import org.apache.hc.core5.http.HttpException;
import org.apache.hc.core5.http.HttpRequest;
import org.apache.hc.core5.http.HttpResponse;
import org.apache.hc.core5.http.nio.AsyncDataConsumer;
import org.apache.hc.core5.http.nio.AsyncEntityProducer;

/**
 * An async client's element below its retry element ({@link RetriedResponses}). The body of a 429
 * arrives as data after the head, so agent-core gets its status and headers only.
 */
final class RetriedAsync implements AsyncExecChainHandler {

    @Override
    public void execute(HttpRequest request, AsyncEntityProducer entityProducer, AsyncExecChain.Scope scope,
            AsyncExecChain chain, AsyncExecCallback callback) throws HttpException, IOException {
        chain.proceed(request, entityProducer, scope, new AsyncExecCallback() {
            @Override
            public AsyncDataConsumer handleResponse(HttpResponse response, EntityDetails entityDetails)
                    throws HttpException, IOException {
                if (response.getCode() == 429) {
                    RetriedResponses.seen(scope.clientContext, Apache5Messages.guardFor(scope.route), response, null);
                }
                return callback.handleResponse(response, entityDetails);
            }

            @Override
            public void handleInformationResponse(HttpResponse response) throws HttpException, IOException {
                callback.handleInformationResponse(response);
            }

            @Override
            public void completed() {
                callback.completed();
            }

            @Override
            public void failed(Exception cause) {
                callback.failed(cause);
            }
        });
    }
}
