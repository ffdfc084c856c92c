package dev.tokenguard.agent.apachehttpclient.v4_5;

import org.apache.http.HttpVersion;
import org.apache.http.client.methods.CloseableHttpResponse;
import org.apache.http.message.BasicHttpResponse;

/**
 * A response agent-core made, in 4.5's shape: {@code CloseableHttpResponse} is an interface there, and
 * the client has no public implementation that holds no connection.
 */
final class AnsweredResponse extends BasicHttpResponse implements CloseableHttpResponse {

    AnsweredResponse(int status, String reason) {
        super(HttpVersion.HTTP_1_1, status, reason);
    }

    @Override
    public void close() {
        // Nothing to release: the body is in memory and no connection was used.
    }
}
