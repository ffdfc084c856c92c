package dev.tokenguard.agent.urlconnection;

import javax.net.ssl.HttpsURLConnection;

/**
 * A response that tokenguard holds without any connection having been made (a synthetic answer, or a
 * failure to connect): nothing went through a proxy, there is nothing to disconnect, and there is no
 * TLS session to describe.
 */
sealed interface UnconnectedResponse extends ConnectionResponse permits AnsweredResponse, FailedResponse {

    @Override
    default boolean usingProxy() {
        return false;
    }

    @Override
    default void disconnect() {
    }

    @Override
    default HttpsURLConnection secure() {
        throw new IllegalStateException("connection not yet open");
    }
}
