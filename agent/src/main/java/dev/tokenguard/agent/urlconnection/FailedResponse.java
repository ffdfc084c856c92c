package dev.tokenguard.agent.urlconnection;

import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.util.List;
import java.util.Map;

/**
 * A request that got no response (connect error, timeout). As with the JDK, the methods that
 * declare {@code IOException} throw it and the header getters answer null.
 */
record FailedResponse(IOException error, URL url) implements UnconnectedResponse {

    @Override
    public int code() throws IOException {
        throw error;
    }

    @Override
    public String message() throws IOException {
        throw error;
    }

    @Override
    public InputStream inputStream() throws IOException {
        throw error;
    }

    @Override
    public InputStream errorStream() {
        return null;
    }

    @Override
    public String headerField(String name) {
        return null;
    }

    @Override
    public String headerField(int n) {
        return null;
    }

    @Override
    public String headerFieldKey(int n) {
        return null;
    }

    @Override
    public Map<String, List<String>> headerFields() {
        return Map.of();
    }
}
