package dev.tokenguard.demo.carrier;

import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.Locale;
import java.util.Optional;

/** The parts of an HTTP request the simulated carriers look at, read once off the exchange. */
record Request(String method, String path, Headers headers, byte[] body, String clientIp) {
  /** Bodies are forms or small JSON documents; anything beyond this is not read, only drained. */
  private static final int MAX_BODY = 64 * 1024;

  static Request read(HttpExchange exchange) throws IOException {
    byte[] body;
    try (InputStream in = exchange.getRequestBody()) {
      body = in.readNBytes(MAX_BODY);
      // Draining the rest keeps the connection usable for the client's next request.
      in.transferTo(OutputStream.nullOutputStream());
    }
    return new Request(
        exchange.getRequestMethod(),
        exchange.getRequestURI().getPath(),
        exchange.getRequestHeaders(),
        body,
        exchange.getRemoteAddress().getAddress().getHostAddress());
  }

  Optional<String> header(String name) {
    return Optional.ofNullable(headers.getFirst(name));
  }

  boolean isPost() {
    return "POST".equals(method);
  }

  /** Carriers want {@code application/x-www-form-urlencoded}, parameters such as a charset allowed. */
  boolean hasFormBody() {
    return header("Content-Type")
        .map(type -> type.split(";", 2)[0].trim().toLowerCase(Locale.ROOT))
        .filter("application/x-www-form-urlencoded"::equals)
        .isPresent();
  }

  /** The token of an {@code Authorization: Bearer <token>} header; the scheme is case-insensitive. */
  Optional<String> bearerToken() {
    return header("Authorization")
        .map(String::trim)
        .filter(value -> value.regionMatches(true, 0, "Bearer ", 0, 7))
        .map(value -> value.substring(7).trim())
        .filter(token -> !token.isEmpty());
  }
}
