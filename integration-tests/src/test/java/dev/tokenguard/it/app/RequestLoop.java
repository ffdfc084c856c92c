package dev.tokenguard.it.app;

import dev.tokenguard.demo.client.http.ClientLibrary;
import dev.tokenguard.demo.client.http.ClientRequest;
import dev.tokenguard.demo.client.http.HttpReply;
import dev.tokenguard.demo.client.http.HttpTransport;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;

/**
 * One application's request loop, for {@code bench/request-overhead.sh}: takes a token from the
 * carrier, then times {@code measured} API calls carrying it (after {@code warmup} untimed ones),
 * one at a time, with the named client library, and prints one line of latency percentiles in
 * microseconds. Run with and without the agent, it shows what the agent adds to each request.
 *
 * <p>Arguments: client, base URL of the token endpoint's host, base URL to send API calls to (the
 * same host: a carrier request; another name for it: traffic the agent passes by), warmup, measured.
 */
public final class RequestLoop {
    public static void main(String[] args) throws Exception {
        ClientLibrary library = ClientLibrary.byFlagName(args[0]).orElseThrow();
        String tokenBase = args[1];
        String apiBase = args[2];
        int warmup = Integer.parseInt(args[3]);
        int measured = Integer.parseInt(args[4]);
        try (HttpTransport http = library.create(4, Duration.ofSeconds(10))) {
            HttpReply token = http.send(ClientRequest.post(tokenBase + "/oauth/token", "application/x-www-form-urlencoded",
                    Map.of(), "grant_type=client_credentials&client_id=demo-client&client_secret=demo-secret"));
            String accessToken = token.body().replaceAll(".*\"access_token\"\\s*:\\s*\"([^\"]+)\".*", "$1");
            ClientRequest call = ClientRequest.post(apiBase + "/rate/v1/rates/quotes", "application/json",
                    Map.of("Authorization", "Bearer " + accessToken), "{\"accountNumber\":\"123456789\"}");
            for (int i = 0; i < warmup; i++) {
                check(http.send(call));
            }
            long[] micros = new long[measured];
            for (int i = 0; i < measured; i++) {
                long start = System.nanoTime();
                check(http.send(call));
                micros[i] = (System.nanoTime() - start) / 1000;
            }
            Arrays.sort(micros);
            System.out.printf("p50=%d p90=%d p99=%d mean=%d%n", micros[measured / 2], micros[measured * 9 / 10],
                    micros[measured * 99 / 100], Arrays.stream(micros).sum() / measured);
        }
    }

    private static void check(HttpReply reply) {
        if (reply.status() != 200) {
            throw new IllegalStateException("the carrier answered " + reply.status() + ": " + reply.body());
        }
    }
}
