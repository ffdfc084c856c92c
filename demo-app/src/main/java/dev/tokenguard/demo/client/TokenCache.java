package dev.tokenguard.demo.client;

import dev.tokenguard.demo.client.http.HttpReply;
import dev.tokenguard.demo.client.http.HttpTransport;
import java.io.IOException;

/**
 * The seed's "singleton FedEx class that handles token caching/renewing", kept as naive as the
 * write-up describes it: one instance per application (per JVM), shared by every user thread.
 *
 * <p>There is deliberately no lock and no coalescing. When the cached token has expired every user
 * that notices fetches its own; a {@link Mode#RENEWED} request always goes to the carrier, even if
 * another user renewed a millisecond ago. With a carrier that revokes the previous token on each
 * issue, users invalidate each other's tokens: the storm this demo exists to show.
 */
public final class TokenCache {

    /** The seed's {@code requestToken(CACHE or RENEWED)} and {@code requestToken(RENEWED)}. */
    public enum Mode { CACHE_OR_RENEWED, RENEWED }

    private final HttpTransport http;
    private final CarrierApi carrier;
    private final String baseUrl;
    private final Credentials credentials;
    private final RunStats stats;

    /** Last token fetched by any user; volatile so a fetched token is seen whole by every thread. */
    private volatile Token cached;

    TokenCache(HttpTransport http, CarrierApi carrier, String baseUrl, Credentials credentials, RunStats stats) {
        this.http = http;
        this.carrier = carrier;
        this.baseUrl = baseUrl;
        this.credentials = credentials;
        this.stats = stats;
    }

    String requestToken(Mode mode) throws IOException, CallFailedException {
        Token current = cached;
        if (mode == Mode.CACHE_OR_RENEWED && current != null && !current.expiredAt(System.nanoTime())) {
            return current.value();
        }
        Token fresh = fetch();
        cached = fresh;
        return fresh.value();
    }

    private Token fetch() throws IOException, CallFailedException {
        HttpReply reply;
        try {
            reply = http.send(carrier.tokenRequest(baseUrl, credentials));
        } catch (IOException e) {
            stats.tokenRequest(RunStats.NO_RESPONSE);
            throw e;
        }
        long receivedAt = System.nanoTime();
        stats.tokenRequest(Integer.toString(reply.status()));
        if (reply.status() != 200) {
            throw new CallFailedException(Failure.of(reply).orElse(Failure.OTHER),
                    "token request answered " + reply.status());
        }
        return Token.parse(reply.body(), receivedAt);
    }
}
