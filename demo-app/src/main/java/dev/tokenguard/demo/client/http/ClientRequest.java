package dev.tokenguard.demo.client.http;

import java.util.Map;

/**
 * One request the client sends. Every carrier call the seed describes (token and API) is a POST;
 * the integration tests also send GETs, to show that other traffic passes untouched.
 *
 * @param contentType null when there is no body
 * @param headers     extra header fields, in addition to {@code Content-Type}
 * @param body        null for a request without a body
 */
public record ClientRequest(String method, String url, String contentType, Map<String, String> headers, String body) {

    public ClientRequest {
        headers = Map.copyOf(headers);
    }

    public static ClientRequest post(String url, String contentType, Map<String, String> headers, String body) {
        return new ClientRequest("POST", url, contentType, headers, body);
    }

    public static ClientRequest get(String url, Map<String, String> headers) {
        return new ClientRequest("GET", url, null, headers, null);
    }

    public boolean hasBody() {
        return body != null;
    }
}
