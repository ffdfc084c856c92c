package dev.tokenguard.core.broker;

import dev.tokenguard.core.http.DefaultPorts;
import dev.tokenguard.core.http.HttpHeaders;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Reads the credential out of a token request: the form body ({@code grant_type}, {@code client_id},
 * {@code client_secret}, {@code child_Key}, {@code child_secret}, {@code scope}, and whatever else it
 * holds), a Basic {@code Authorization} header, and {@code x-merchant-id}.
 *
 * <p>A Basic header counts as {@code client_id} and {@code client_secret}, so the same id and secret
 * make the same credential wherever they travel. Every field counts: one the broker has never heard
 * of may still change the token, and telling two credentials apart wrongly would hand one caller
 * another's token. Secrets enter the key only as one SHA-256 over all of them.
 *
 * <p>Only a request tokenguard can repeat for renewals gets a credential: a client's own grant
 * (client credentials, FedEx's child-key grants), made again and again with the same id and secret.
 * A request that carries a value spent on use or valid for minutes ({@link #SINGLE_USE_FIELDS}: a
 * refresh token, an authorization code, a signed client assertion) or that acts for an end user (the
 * password grant) has none and is made verbatim, uncached, through the limiter and kill-switch. Keying
 * by such a value would add a credential, holding a secret-bearing body, per request; keying by the
 * stable parts alone would have renewals repeat a spent code or an expired assertion and fail where
 * the application, left alone, would have sent a fresh one.
 */
public final class CredentialParser {
    /** Form fields that are secrets: digested, never kept in the key. */
    private static final Set<String> SECRET_FIELDS = Set.of("client_secret", "child_secret", "password");
    /** Form fields whose value is spent on use or expires within minutes: a request with one is not repeatable. */
    private static final Set<String> SINGLE_USE_FIELDS = Set.of(
            "refresh_token", "code", "code_verifier", "assertion", "client_assertion", "device_code",
            "subject_token", "actor_token");
    /** Grant types that act for an end user rather than the client: a token per user, not per client. */
    private static final Set<String> USER_GRANTS = Set.of("password");
    /** The request header fields a renewal must carry again. */
    private static final List<String> KEPT_HEADERS = List.of("Authorization", "Content-Type", "Accept", "x-merchant-id");
    private static final String FORM = "application/x-www-form-urlencoded";

    private CredentialParser() {}

    /** A parsed token request: its credential and the request to make again for renewals. */
    public record Parsed(Credential credential, TokenRequest request) {}

    /**
     * The credential of a token request, or null when tokenguard cannot repeat it: it names no client
     * id, carries a single-use value or is a user's grant (see the class comment).
     */
    public static Parsed parse(URI url, HttpHeaders headers, byte[] body) {
        Map<String, List<String>> fields = formFields(headers, body);
        String[] basic = basic(headers.first("authorization"));
        if (basic != null) {
            add(fields, "client_id", basic[0]);
            add(fields, "client_secret", basic[1]);
        }
        if (!fields.containsKey("client_id") || !repeatable(fields)) {
            return null;
        }
        StringBuilder key = new StringBuilder();
        field(key, "url", normalize(url));
        field(key, "merchant", trimmed(headers.first("x-merchant-id")));
        StringBuilder secrets = new StringBuilder();
        fields.forEach((name, values) -> {
            StringBuilder target = SECRET_FIELDS.contains(name) ? secrets : key;
            values.forEach(value -> field(target, name, value));
        });
        field(key, "secrets", Fingerprints.sha256Hex(secrets.toString()));
        return new Parsed(new Credential(key.toString(), secrets.toString()), replayable(url, headers, body));
    }

    private static boolean repeatable(Map<String, List<String>> fields) {
        List<String> grants = fields.getOrDefault("grant_type", List.of());
        return SINGLE_USE_FIELDS.stream().noneMatch(fields::containsKey) && grants.stream().noneMatch(USER_GRANTS::contains);
    }

    /** The parts of a token request that a renewal sends again. */
    public static TokenRequest replayable(URI url, HttpHeaders headers, byte[] body) {
        HttpHeaders.Builder kept = HttpHeaders.builder();
        for (String name : KEPT_HEADERS) {
            headers.all(name).forEach(value -> kept.add(name, value));
        }
        return new TokenRequest(url, kept.build(), body.clone());
    }

    /** The URL a token is issued at, written one way: lower-case scheme and host, no default port. */
    static String normalize(URI url) {
        String scheme = url.getScheme() == null ? "" : url.getScheme().toLowerCase(Locale.ROOT);
        String host = url.getHost() == null ? "" : url.getHost().toLowerCase(Locale.ROOT);
        int port = url.getPort();
        String path = url.getRawPath() == null || url.getRawPath().isEmpty() ? "/" : url.getRawPath();
        String query = url.getRawQuery() == null ? "" : "?" + url.getRawQuery();
        return scheme + "://" + host + (DefaultPorts.isDefault(scheme, port) ? "" : ":" + port) + path + query;
    }

    /** Form fields by name, sorted; empty when the body is not a form. */
    private static Map<String, List<String>> formFields(HttpHeaders headers, byte[] body) {
        Map<String, List<String>> fields = new TreeMap<>();
        String type = headers.first("content-type");
        if (type != null && !type.toLowerCase(Locale.ROOT).startsWith(FORM)) {
            return fields;
        }
        String text = new String(body, StandardCharsets.UTF_8);
        for (String pair : text.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            try {
                String name = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
                String value = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
                fields.computeIfAbsent(name, n -> new ArrayList<>()).add(value);
            } catch (IllegalArgumentException malformedEscape) {
                // Kept verbatim: still part of the key, so it cannot merge two credentials.
                fields.computeIfAbsent(pair, n -> new ArrayList<>()).add("");
            }
        }
        return fields;
    }

    /** {@code [id, secret]} of a Basic header, or null. */
    private static String[] basic(String authorization) {
        if (authorization == null || !authorization.regionMatches(true, 0, "Basic ", 0, 6)) {
            return null;
        }
        try {
            String decoded = new String(Base64.getDecoder().decode(authorization.substring(6).trim()), StandardCharsets.UTF_8);
            int colon = decoded.indexOf(':');
            return colon < 0 ? null : new String[] {decoded.substring(0, colon), decoded.substring(colon + 1)};
        } catch (IllegalArgumentException notBase64) {
            return null;
        }
    }

    /** Adds a value unless the field already holds it (an id sent both in Basic and in the form). */
    private static void add(Map<String, List<String>> fields, String name, String value) {
        List<String> values = fields.computeIfAbsent(name, n -> new ArrayList<>());
        if (!values.contains(value)) {
            values.add(value);
        }
    }

    /** Appends a length-prefixed field, so that no value can run into the next. */
    private static void field(StringBuilder key, String name, String value) {
        String v = value == null ? "" : value;
        key.append(name.length()).append(':').append(name).append('=').append(v.length()).append(':').append(v).append(';');
    }

    private static String trimmed(String value) {
        return value == null ? null : value.trim();
    }
}
