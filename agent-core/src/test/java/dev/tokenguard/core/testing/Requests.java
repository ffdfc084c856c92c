package dev.tokenguard.core.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tokenguard.core.http.Decision;
import dev.tokenguard.core.http.HttpHeaders;
import dev.tokenguard.core.http.OutboundRequest;
import dev.tokenguard.core.http.SyntheticResponse;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/** Requests as the adapters hand them over, and readers for the answers. */
public final class Requests {
    private static final ObjectMapper JSON = new ObjectMapper();

    private Requests() {}

    /** FedEx's token request: a form with id and secret, plus any further {@code name=value} pairs. */
    public static OutboundRequest fedexToken(String clientId, String secret, String... extraPairs) {
        StringBuilder body = new StringBuilder("grant_type=client_credentials&client_id=" + clientId + "&client_secret=" + secret);
        for (String pair : extraPairs) {
            body.append('&').append(pair);
        }
        HttpHeaders headers = HttpHeaders.builder().add("Content-Type", "application/x-www-form-urlencoded").build();
        return new OutboundRequest("POST", TestCarriers.FEDEX_TOKEN_URL, headers, body.toString().getBytes(StandardCharsets.UTF_8));
    }

    /** UPS's token request: Basic id and secret, optional {@code x-merchant-id}. */
    public static OutboundRequest upsToken(String clientId, String secret, String merchantId) {
        HttpHeaders.Builder headers = HttpHeaders.builder()
                .add("Content-Type", "application/x-www-form-urlencoded")
                .add("Authorization", "Basic " + Base64.getEncoder()
                        .encodeToString((clientId + ":" + secret).getBytes(StandardCharsets.UTF_8)));
        if (merchantId != null) {
            headers.add("x-merchant-id", merchantId);
        }
        return new OutboundRequest("POST", TestCarriers.UPS_TOKEN_URL, headers.build(),
                "grant_type=client_credentials".getBytes(StandardCharsets.UTF_8));
    }

    /** A FedEx API call carrying {@code Authorization: Bearer <bearer>}, or none when null. */
    public static OutboundRequest fedexApi(String bearer) {
        return api("https://apis.fedex.com/rate/v1/rates/quotes", bearer);
    }

    public static OutboundRequest api(String url, String bearer) {
        HttpHeaders.Builder headers = HttpHeaders.builder().add("Content-Type", "application/json");
        if (bearer != null) {
            headers.add("Authorization", "Bearer " + bearer);
        }
        return new OutboundRequest("POST", URI.create(url), headers.build(), "{}".getBytes(StandardCharsets.UTF_8));
    }

    public static SyntheticResponse answer(Decision decision) {
        if (!(decision instanceof Decision.Answer answer)) {
            throw new AssertionError("expected an answer, got " + decision);
        }
        return answer.response();
    }

    public static JsonNode json(Decision decision) {
        return json(answer(decision));
    }

    public static JsonNode json(SyntheticResponse response) {
        try {
            return JSON.readTree(response.body());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The access token of a token answer. */
    public static String accessToken(Decision decision) {
        Decision.Answer answer = (Decision.Answer) decision;
        if (answer.response().status() != 200) {
            throw new AssertionError("expected a token, got " + answer.response().status() + " " + answer.response().bodyText());
        }
        return json(answer.response()).get("access_token").asText();
    }

    /** The {@code Authorization} a Proceed decision sets, or null when it sets none. */
    public static String setAuthorization(Decision decision) {
        if (!(decision instanceof Decision.Proceed proceed)) {
            throw new AssertionError("expected to proceed, got " + describe(decision));
        }
        return proceed.setHeaders().first("Authorization");
    }

    public static String describe(Decision decision) {
        if (decision instanceof Decision.Answer answer) {
            return "Answer[" + answer.response().status() + ", " + answer.response().bodyText() + "]";
        }
        return String.valueOf(decision);
    }
}
