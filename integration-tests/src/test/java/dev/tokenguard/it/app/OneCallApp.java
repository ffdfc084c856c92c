package dev.tokenguard.it.app;

import java.io.IOException;
import java.net.HttpURLConnection;
import java.net.URI;

/**
 * Makes one HttpURLConnection call to the URL given and prints its status, or the failure: the
 * application of {@code bench/startup.sh}'s HttpURLConnection row. A refused connection is a call too.
 */
public final class OneCallApp {
    public static void main(String[] args) throws Exception {
        HttpURLConnection connection = (HttpURLConnection) URI.create(args[0]).toURL().openConnection();
        try {
            System.out.println(connection.getResponseCode());
        } catch (IOException e) {
            System.out.println(e);
        }
    }
}
