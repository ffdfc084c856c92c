package dev.tokenguard.core.broker;

import dev.tokenguard.core.config.CarrierConfig;
import dev.tokenguard.core.config.ClientAuth;
import dev.tokenguard.core.http.HttpHeaders;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.StringJoiner;

/** The token request of a carrier configured with {@code client-id} and {@code client-secret}. */
public final class ConfiguredCredentials {
    private ConfiguredCredentials() {}

    /**
     * A client-credentials form ({@code extra-token-params} appended, and able to override
     * {@code grant_type}), with the id and secret in the form or in a Basic header per
     * {@code client-auth}; parsed like an application's own request, so that the application asking
     * with the same credentials meets the same token.
     */
    public static CredentialParser.Parsed of(CarrierConfig config) {
        Map<String, String> form = new LinkedHashMap<>();
        form.put("grant_type", "client_credentials");
        HttpHeaders.Builder headers = HttpHeaders.builder()
                .add("Content-Type", "application/x-www-form-urlencoded")
                .add("Accept", "application/json");
        if (config.clientAuth() == ClientAuth.BASIC) {
            String pair = config.clientId() + ":" + config.clientSecret();
            headers.add("Authorization", "Basic " + Base64.getEncoder().encodeToString(pair.getBytes(StandardCharsets.UTF_8)));
        } else {
            form.put("client_id", config.clientId());
            form.put("client_secret", config.clientSecret());
        }
        if (config.extraTokenParams() != null) {
            form.putAll(config.extraTokenParams());
        }
        StringJoiner body = new StringJoiner("&");
        form.forEach((name, value) -> body.add(encode(name) + "=" + encode(value)));
        CredentialParser.Parsed parsed = CredentialParser.parse(
                config.tokenUrl(), headers.build(), body.toString().getBytes(StandardCharsets.UTF_8));
        if (parsed == null) {
            throw new IllegalArgumentException("carrier " + config.id() + " has no client id");
        }
        return parsed;
    }

    private static String encode(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
