package dev.tokenguard.demo.client;

import java.io.IOException;
import java.net.HttpURLConnection;
import java.net.URI;
import java.nio.charset.StandardCharsets;

/**
 * Prints the body of {@code GET URL} (the simulator's {@code /__sim/stats}) for demo.sh, which may
 * run where no curl is installed. Exit status 1 if the answer is not a 200.
 */
public final class FetchStats {

    private FetchStats() {}

    public static void main(String[] args) throws IOException {
        if (args.length != 1) {
            System.err.println("usage: FetchStats URL");
            System.exit(2);
        }
        HttpURLConnection connection = (HttpURLConnection) URI.create(args[0]).toURL().openConnection();
        connection.setConnectTimeout(5000);
        connection.setReadTimeout(5000);
        int status = connection.getResponseCode();
        if (status != 200) {
            System.err.println("GET " + args[0] + " answered " + status);
            System.exit(1);
        }
        try (var in = connection.getInputStream()) {
            System.out.println(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        }
    }
}
