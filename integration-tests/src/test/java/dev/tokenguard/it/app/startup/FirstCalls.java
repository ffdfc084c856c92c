package dev.tokenguard.it.app.startup;

import dev.tokenguard.demo.carrier.SimulatorSettings;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What every application of {@code bench/startup.sh} does once its JVM has started, with its own
 * client library, then exits:
 *
 * <ul>
 *   <li>{@code non-carrier <url>}: one GET, and prints its status or its failure (a refused
 *       connection is a call too);
 *   <li>{@code carrier <token-url> <api-url>}: what a shipping application does on its first carrier
 *       call: a client-credentials token request with the FedEx demo credentials, the access token
 *       taken from the JSON by a regular expression (the application loads no JSON library: the
 *       agent's would then be counted as the application's), then one API call with {@code
 *       Authorization: Bearer}; prints {@code first carrier call: <ms> ms}, both requests together.
 * </ul>
 */
final class FirstCalls {
    private static final Pattern ACCESS_TOKEN = Pattern.compile("\"access_token\"\\s*:\\s*\"([^\"]+)\"");
    // Compile-time constants, inlined: the application loads no demo-app class.
    private static final String TOKEN_FORM = "grant_type=client_credentials&client_id="
            + SimulatorSettings.FEDEX_DEMO_CLIENT + "&client_secret=" + SimulatorSettings.FEDEX_DEMO_SECRET;
    private static final String RATE_REQUEST = "{\"accountNumber\":\"123456789\"}";

    private FirstCalls() {}

    static void run(String[] args, LibraryClient client) throws Exception {
        try (client) {
            if (args.length == 2 && args[0].equals("non-carrier")) {
                nonCarrier(client, args[1]);
            } else if (args.length == 3 && args[0].equals("carrier")) {
                carrier(client, args[1], args[2]);
            } else {
                throw new IllegalArgumentException("usage: non-carrier <url> | carrier <token-url> <api-url>");
            }
        }
    }

    private static void nonCarrier(LibraryClient client, String url) {
        try {
            System.out.println("GET " + url + ": " + client.get(url));
        } catch (Exception e) {
            System.out.println("GET " + url + ": " + e);
        }
    }

    private static void carrier(LibraryClient client, String tokenUrl, String apiUrl) throws Exception {
        long start = System.nanoTime();
        LibraryClient.Reply token = client.post(tokenUrl, "application/x-www-form-urlencoded", TOKEN_FORM, null);
        Matcher accessToken = ACCESS_TOKEN.matcher(token.body());
        if (token.status() != 200 || !accessToken.find()) {
            throw new IllegalStateException("token request answered " + token.status() + " without an access token");
        }
        LibraryClient.Reply api = client.post(apiUrl, "application/json", RATE_REQUEST, "Bearer " + accessToken.group(1));
        if (api.status() != 200) {
            throw new IllegalStateException("API call answered " + api.status());
        }
        System.out.println("first carrier call: " + (System.nanoTime() - start) / 1_000_000 + " ms");
    }
}
