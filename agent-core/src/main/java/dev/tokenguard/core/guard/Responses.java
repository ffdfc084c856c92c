package dev.tokenguard.core.guard;

import dev.tokenguard.core.broker.Token;
import dev.tokenguard.core.config.CarrierConfig;
import dev.tokenguard.core.http.HttpHeaders;
import dev.tokenguard.core.http.SyntheticResponse;
import dev.tokenguard.core.transport.TokenTransport;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * The synthetic responses agent-core answers with. Every answer to a token request carries
 * {@code Cache-Control: no-store} and {@code Pragma: no-cache}, as RFC 6749 (section 5.1) asks of a
 * token endpoint.
 */
final class Responses {
    /** Fields of a carrier's answer that describe the connection it came on, not the answer. */
    private static final Set<String> HOP_BY_HOP = Set.of(
            "connection", "content-length", "content-encoding", "keep-alive", "transfer-encoding", "set-cookie");

    private Responses() {}

    /** A token from the cache, in the carrier's own shape, with the time actually left. */
    static SyntheticResponse token(Token token, long now) {
        HttpHeaders headers = HttpHeaders.builder()
                .add("Content-Type", "application/json")
                .add("Cache-Control", "no-store")
                .add("Pragma", "no-cache")
                .build();
        return new SyntheticResponse(200, "OK", headers, token.render(now));
    }

    /** The token endpoint's own answer, passed on. */
    static SyntheticResponse carrier(TokenTransport.Response response) {
        HttpHeaders.Builder headers = HttpHeaders.builder();
        response.headers().toMap().forEach((name, values) -> {
            if (!HOP_BY_HOP.contains(name.toLowerCase(Locale.ROOT))) {
                values.forEach(value -> headers.add(name, value));
            }
        });
        headers.set("Cache-Control", "no-store").set("Pragma", "no-cache");
        return new SyntheticResponse(response.status(), reasonPhrase(response.status()), headers.build(), response.body());
    }

    /**
     * A refusal: the carrier's refusal status, {@code Retry-After}, {@code X-Tokenguard} with the
     * reason, and an OAuth-style error body that says the same.
     */
    static SyntheticResponse refusal(CarrierConfig carrier, String reason, long retryAfterNanos) {
        long seconds = Math.max(1, (retryAfterNanos + TimeUnit.SECONDS.toNanos(1) - 1) / TimeUnit.SECONDS.toNanos(1));
        String text = headerSafe(reason);
        HttpHeaders headers = HttpHeaders.builder()
                .add("Content-Type", "application/json")
                .add("Cache-Control", "no-store")
                .add("Pragma", "no-cache")
                .add("Retry-After", Long.toString(seconds))
                .add("X-Tokenguard", text)
                .build();
        String body = "{\"error\":\"temporarily_unavailable\",\"error_description\":\"tokenguard: " + jsonSafe(text)
                + "\",\"carrier\":\"" + jsonSafe(carrier.id()) + "\",\"retry_after\":" + seconds + "}";
        int status = carrier.refusalStatus();
        return new SyntheticResponse(status, reasonPhrase(status), headers, body.getBytes(StandardCharsets.UTF_8));
    }

    private static String headerSafe(String s) {
        StringBuilder b = new StringBuilder(s.length());
        s.chars().forEach(c -> b.append(c >= 0x20 && c < 0x7f ? (char) c : '?'));
        return b.toString();
    }

    private static String jsonSafe(String s) {
        return s.replace("\\", "\\\\").replace("\"", "\\\"");
    }

    static String reasonPhrase(int status) {
        return switch (status) {
            case 200 -> "OK";
            case 400 -> "Bad Request";
            case 401 -> "Unauthorized";
            case 403 -> "Forbidden";
            case 404 -> "Not Found";
            case 429 -> "Too Many Requests";
            case 500 -> "Internal Server Error";
            case 502 -> "Bad Gateway";
            case 503 -> "Service Unavailable";
            case 504 -> "Gateway Timeout";
            default -> "";
        };
    }
}
