package dev.tokenguard.demo.client;

import dev.tokenguard.demo.client.TokenCache.Mode;
import dev.tokenguard.demo.client.http.HttpReply;
import dev.tokenguard.demo.client.http.HttpTransport;
import java.io.IOException;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * One user action (a rate quote), with the seed's retry logic: a token from the cache or a new
 * one, the API call, and on each 401 a forcibly renewed token and another try, three times at
 * most. So one action can make four token requests.
 */
final class ShippingCall {

    /** The seed: "we've set maximum number of retries to be 3". */
    static final int MAX_RETRIES = 3;

    private final HttpTransport http;
    private final CarrierApi carrier;
    private final String baseUrl;
    private final TokenCache tokens;
    private final RunStats stats;

    ShippingCall(HttpTransport http, CarrierApi carrier, String baseUrl, TokenCache tokens, RunStats stats) {
        this.http = http;
        this.carrier = carrier;
        this.baseUrl = baseUrl;
        this.tokens = tokens;
        this.stats = stats;
    }

    /** Runs the action once and records its outcome. */
    void run() {
        Optional<Failure> failure = attempt();
        if (failure.isPresent()) {
            stats.callFailed(failure.get());
        } else {
            stats.callSucceeded();
        }
    }

    private Optional<Failure> attempt() {
        try {
            HttpReply reply = callApi(tokens.requestToken(Mode.CACHE_OR_RENEWED));
            for (int retry = 1; retry <= MAX_RETRIES && isUnauthorized(reply); retry++) {
                reply = callApi(tokens.requestToken(Mode.RENEWED));
            }
            // A 401 left here is "Issue with authentication. Please try again later." (Failure.AUTH).
            return Failure.of(reply);
        } catch (CallFailedException e) {
            return Optional.of(e.failure());
        } catch (IOException e) {
            return Optional.of(Failure.IO);
        } catch (RuntimeException e) {
            // a library's own surprise must end this action, not the user's thread
            return Optional.of(Failure.OTHER);
        }
    }

    private static boolean isUnauthorized(HttpReply reply) {
        return reply.status() == 401 && reply.header(Failure.AGENT_HEADER) == null;
    }

    private HttpReply callApi(String accessToken) throws IOException {
        try {
            long started = System.nanoTime();
            HttpReply reply = http.send(carrier.apiRequest(baseUrl, accessToken));
            long took = System.nanoTime() - started;
            stats.apiRequest(Integer.toString(reply.status()));
            // A 2xx ends the user's call, so this times each call served at most once.
            if (Failure.of(reply).isEmpty()) {
                stats.served(TimeUnit.NANOSECONDS.toMillis(took));
            }
            return reply;
        } catch (IOException e) {
            stats.apiRequest(RunStats.NO_RESPONSE);
            throw e;
        }
    }
}
