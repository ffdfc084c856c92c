package dev.tokenguard.it.app;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.google.api.client.auth.oauth2.ClientCredentialsTokenRequest;
import com.google.api.client.auth.oauth2.ClientParametersAuthentication;
import com.google.api.client.auth.oauth2.TokenResponse;
import com.google.api.client.auth.oauth2.TokenResponseException;
import com.google.api.client.http.GenericUrl;
import com.google.api.client.http.apache.v5.Apache5HttpTransport;
import com.google.api.client.json.gson.GsonFactory;

/**
 * google-oauth-client's token request over Apache HttpClient 5 ({@code Apache5HttpTransport}), for
 * {@link ScenarioDriver}: its form entity says {@code isRepeatable() == false} and gives its bytes
 * only through {@code writeTo}. Loaded only when asked for, so suites without google-oauth-client on
 * the classpath never meet it.
 */
final class GoogleOAuthToken {
    private static final ObjectMapper JSON = new ObjectMapper();

    private GoogleOAuthToken() {}

    /**
     * {@code {"op":"google-token","url":..,"clientId":..,"clientSecret":..}}: a client-credentials
     * token request made by google-oauth-client on its Apache 5 transport; answers
     * {@code {"status":200,"accessToken":..}} or the carrier's (or agent's) error status.
     */
    static ObjectNode request(JsonNode command) throws Exception {
        Apache5HttpTransport transport = new Apache5HttpTransport();
        ObjectNode reply = JSON.createObjectNode();
        try {
            TokenResponse token = new ClientCredentialsTokenRequest(transport, GsonFactory.getDefaultInstance(),
                    new GenericUrl(command.path("url").asText()))
                    .setClientAuthentication(new ClientParametersAuthentication(
                            command.path("clientId").asText(), command.path("clientSecret").asText()))
                    .execute();
            reply.put("status", 200);
            reply.put("accessToken", token.getAccessToken());
        } catch (TokenResponseException e) {
            reply.put("status", e.getStatusCode());
            reply.put("body", String.valueOf(e.getContent()));
        } finally {
            transport.shutdown();
        }
        return reply;
    }
}
