package dev.tokenguard.core.guard;

import dev.tokenguard.core.broker.Token;
import dev.tokenguard.core.config.CarrierConfig;
import dev.tokenguard.core.http.HttpHeaders;
import dev.tokenguard.core.http.SyntheticResponse;
import dev.tokenguard.core.policy.PolicyRefusal;
import dev.tokenguard.core.transport.TokenTransport;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Set;
import java.util.UUID;
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

    /**
     * A refusal by a throttling policy, a block or a carrier's pause, in the carrier's own error shape
     * so that the application's handling of the carrier's own 429 or 403 reads it: 429 (a limit, a
     * pause) or 403 (a block), {@code Retry-After}, {@code X-Tokenguard: <source>: <reason>}, and where a
     * request limit decided the IETF draft's {@code RateLimit-Policy} and {@code RateLimit} fields.
     *
     * <p>Bodies: FedEx {@code {"transactionId":...,"errors":[{"code":"TOO.MANY.REQUESTS.ERROR"|"FORBIDDEN.ERROR",
     * "message":...}]}}; UPS {@code {"response":{"errors":[{"code":"10429"|"10403","message":...}]}}}
     * (10429 is UPS's throttling code; 10403 is tokenguard's, UPS documents none for this); every other
     * carrier the OAuth-style body of the other refusals, {@code error} {@code rate_limited} or
     * {@code access_denied}. Every message starts {@code tokenguard: }.
     */
    static SyntheticResponse policyRefusal(CarrierConfig carrier, PolicyRefusal refusal) {
        long seconds = Math.max(1, (refusal.retryAfterNanos() + TimeUnit.SECONDS.toNanos(1) - 1) / TimeUnit.SECONDS.toNanos(1));
        int status = refusal.status();
        boolean blocked = status == 403;
        String field = headerSafe(refusal.field());
        HttpHeaders.Builder headers = HttpHeaders.builder()
                .add("Content-Type", "application/json")
                .add("Cache-Control", "no-store")
                .add("Retry-After", Long.toString(seconds))
                .add("X-Tokenguard", field);
        PolicyRefusal.RateLimit limit = refusal.rateLimit();
        if (limit != null) {
            String name = "\"" + headerSafe(limit.name()).replace("\"", "") + "\"";
            headers.add("RateLimit-Policy", name + ";q=" + limit.quota() + ";w=" + limit.windowSeconds());
            headers.add("RateLimit", name + ";r=" + limit.remaining() + ";t=" + limit.resetSeconds());
        }
        String message = jsonSafe("tokenguard: " + field);
        String body = switch (carrier.preset()) {
            case FEDEX -> "{\"transactionId\":\"" + UUID.randomUUID() + "\",\"errors\":[{\"code\":\""
                    + (blocked ? "FORBIDDEN.ERROR" : "TOO.MANY.REQUESTS.ERROR") + "\",\"message\":\"" + message + "\"}]}";
            case UPS -> "{\"response\":{\"errors\":[{\"code\":\"" + (blocked ? "10403" : "10429")
                    + "\",\"message\":\"" + message + "\"}]}}";
            default -> "{\"error\":\"" + (blocked ? "access_denied" : "rate_limited") + "\",\"error_description\":\""
                    + message + "\",\"carrier\":\"" + jsonSafe(carrier.id()) + "\",\"retry_after\":" + seconds + "}";
        };
        return new SyntheticResponse(status, reasonPhrase(status), headers.build(), body.getBytes(StandardCharsets.UTF_8));
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
