package dev.tokenguard.demo.carrier;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

/** Run in a forked JVM: exits 0 if a GET to {@code args[0]} over the default SSL context answers 200. */
public final class HttpsProbe {
  private HttpsProbe() {}

  public static void main(String[] args) throws Exception {
    HttpResponse<Void> response =
        HttpClient.newHttpClient()
            .send(HttpRequest.newBuilder(URI.create(args[0])).build(), HttpResponse.BodyHandlers.discarding());
    System.exit(response.statusCode() == 200 ? 0 : 1);
  }
}
