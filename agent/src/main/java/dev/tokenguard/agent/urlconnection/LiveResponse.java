package dev.tokenguard.agent.urlconnection;

import java.io.IOException;
import java.io.InputStream;
import java.net.HttpURLConnection;
import java.net.URL;
import java.util.List;
import java.util.Map;
import javax.net.ssl.HttpsURLConnection;

/**
 * A response from the network: the real connection, delegated to as it is.
 *
 * @param peekedError where tokenguard read the start of the error body ({@code ErrorBodies}): the whole
 *                    body, to give in place of the connection's stream; else null
 */
record LiveResponse(HttpURLConnection connection, InputStream peekedError) implements ConnectionResponse {

    @Override
    public int code() throws IOException {
        return connection.getResponseCode();
    }

    @Override
    public String message() throws IOException {
        return connection.getResponseMessage();
    }

    @Override
    public InputStream inputStream() throws IOException {
        return connection.getInputStream();
    }

    @Override
    public InputStream errorStream() {
        return peekedError != null ? peekedError : connection.getErrorStream();
    }

    @Override
    public String headerField(String name) {
        return connection.getHeaderField(name);
    }

    @Override
    public String headerField(int n) {
        return connection.getHeaderField(n);
    }

    @Override
    public String headerFieldKey(int n) {
        return connection.getHeaderFieldKey(n);
    }

    @Override
    public Map<String, List<String>> headerFields() {
        return connection.getHeaderFields();
    }

    @Override
    public URL url() {
        return connection.getURL();
    }

    @Override
    public boolean usingProxy() {
        return connection.usingProxy();
    }

    @Override
    public void disconnect() {
        connection.disconnect();
    }

    @Override
    public HttpsURLConnection secure() {
        if (connection instanceof HttpsURLConnection https) {
            return https;
        }
        throw new IllegalStateException("not an HTTPS connection");
    }
}
