package dev.tokenguard.it.app;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.HttpURLConnection;
import java.net.URI;
import java.nio.charset.StandardCharsets;

/**
 * Makes one token request with HttpURLConnection (POST of the simulator's default FedEx client's form)
 * as the first thing it does, and prints {@code first-call <ms> status <status>}: the application of
 * {@code bench/first-call.sh}, timing the call from opening the connection to the end of the answer.
 */
public final class TokenCallApp {
    private static final byte[] FORM = "grant_type=client_credentials&client_id=demo-client&client_secret=demo-secret"
            .getBytes(StandardCharsets.US_ASCII);

    public static void main(String[] args) throws IOException {
        long start = System.nanoTime();
        HttpURLConnection connection = (HttpURLConnection) URI.create(args[0]).toURL().openConnection();
        connection.setRequestMethod("POST");
        connection.setDoOutput(true);
        connection.setRequestProperty("Content-Type", "application/x-www-form-urlencoded");
        try (OutputStream out = connection.getOutputStream()) {
            out.write(FORM);
        }
        int status = connection.getResponseCode();
        try (InputStream in = status < 400 ? connection.getInputStream() : connection.getErrorStream()) {
            if (in != null) {
                in.readAllBytes();
            }
        }
        System.out.printf("first-call %.1f status %d%n", (System.nanoTime() - start) / 1e6, status);
    }
}
