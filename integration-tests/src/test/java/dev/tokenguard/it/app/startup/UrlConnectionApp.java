package dev.tokenguard.it.app.startup;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.HttpURLConnection;
import java.net.URI;
import java.nio.charset.StandardCharsets;

/** {@link FirstCalls} with {@link HttpURLConnection}. */
public final class UrlConnectionApp implements LibraryClient {

    public static void main(String[] args) throws Exception {
        FirstCalls.run(args, new UrlConnectionApp());
    }

    @Override
    public int get(String url) throws IOException {
        HttpURLConnection connection = open(url);
        try (InputStream body = connection.getInputStream()) {
            body.readAllBytes();
        }
        return connection.getResponseCode();
    }

    @Override
    public Reply post(String url, String contentType, String body, String authorization) throws IOException {
        HttpURLConnection connection = open(url);
        connection.setRequestMethod("POST");
        connection.setDoOutput(true);
        connection.setRequestProperty("Content-Type", contentType);
        if (authorization != null) {
            connection.setRequestProperty("Authorization", authorization);
        }
        try (OutputStream out = connection.getOutputStream()) {
            out.write(body.getBytes(StandardCharsets.UTF_8));
        }
        int status = connection.getResponseCode();
        try (InputStream in = status < 400 ? connection.getInputStream() : connection.getErrorStream()) {
            return new Reply(status, in == null ? "" : new String(in.readAllBytes(), StandardCharsets.UTF_8));
        }
    }

    private static HttpURLConnection open(String url) throws IOException {
        return (HttpURLConnection) URI.create(url).toURL().openConnection();
    }
}
