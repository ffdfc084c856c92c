package dev.tokenguard.it.support;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Scrapes a {@code /metrics} URL from outside the application, as an operator or Prometheus does:
 * with {@code curl} where the machine has it, else with the JDK's HTTP client.
 */
public final class MetricsScraper {
    public static final String OPENMETRICS = "application/openmetrics-text; version=1.0.0; charset=utf-8";

    /** What came back: the status, the {@code Content-Type} and the body. */
    public record Scrape(int status, String contentType, String body) {}

    private final String url;
    private final boolean curl;

    public MetricsScraper(String url) {
        this.url = url;
        this.curl = curlOnPath();
    }

    /** Which client scrapes, for the report of a failure. */
    public String client() {
        return curl ? "curl" : "the JDK's HttpClient";
    }

    /** @param accept the {@code Accept} header, or null for none (as {@code curl URL} sends) */
    public Scrape get(String accept) throws IOException, InterruptedException {
        return curl ? withCurl(accept) : withJdk(accept);
    }

    /** Returns once the endpoint answers 200; fails after {@code timeout}. */
    public Scrape awaitUp(Duration timeout) throws Exception {
        Scrape[] last = new Scrape[1];
        Await.until(url + " answers", timeout, () -> {
            last[0] = get(null);
            return last[0].status() == 200;
        }, () -> "last answer " + last[0] + " via " + client());
        return last[0];
    }

    private Scrape withCurl(String accept) throws IOException, InterruptedException {
        Path body = Files.createTempFile("tokenguard-scrape", ".txt");
        try {
            List<String> command = new ArrayList<>(List.of("curl", "-sS", "--max-time", "20", "-o", body.toString(),
                    "-w", "%{http_code}\n%{content_type}"));
            if (accept != null) {
                command.add("-H");
                command.add("Accept: " + accept);
            }
            command.add(url);
            // curl's own complaint (connection refused while the endpoint is not up yet) is not read:
            // the status it writes then, 000, says it.
            Process process = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.DISCARD).start();
            String out = new String(process.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IOException("curl did not end: " + out);
            }
            String[] lines = out.split("\n", -1);
            int status = Integer.parseInt(lines[lines.length - 2]);
            // Decoded leniently: a protobuf body is binary.
            return new Scrape(status, lines[lines.length - 1],
                    new String(Files.readAllBytes(body), java.nio.charset.StandardCharsets.UTF_8));
        } finally {
            Files.deleteIfExists(body);
        }
    }

    private Scrape withJdk(String accept) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(20));
        if (accept != null) {
            request.header("Accept", accept);
        }
        try {
            HttpResponse<String> response = HttpClient.newHttpClient().send(request.build(), HttpResponse.BodyHandlers.ofString());
            return new Scrape(response.statusCode(), response.headers().firstValue("Content-Type").orElse(""), response.body());
        } catch (java.net.ConnectException notListeningYet) {
            return new Scrape(0, "", notListeningYet.toString());
        }
    }

    private static boolean curlOnPath() {
        String path = System.getenv("PATH");
        if (path == null) {
            return false;
        }
        for (String dir : path.split(java.io.File.pathSeparator)) {
            if (Files.isExecutable(Path.of(dir, "curl"))) {
                return true;
            }
        }
        return false;
    }
}
