package dev.tokenguard.demo.carrier;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import java.io.IOException;
import java.io.OutputStream;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CancellationException;

/**
 * The one handler behind every path. HttpServer contexts match by prefix ({@code /oauth/token} would
 * also take {@code /oauth/tokens}), so routes are matched here instead, exactly.
 *
 * <p>Nothing a client sends may take the simulator down: an endpoint's unexpected exception becomes a
 * 500, a client that hung up is ignored, and the exchange is always closed.
 */
final class Router implements HttpHandler {
  private static final Reply NOT_FOUND = Reply.json(404, Map.of("error", "no such route"));

  private final List<Route> routes;

  Router(List<Route> routes) {
    this.routes = List.copyOf(routes);
  }

  @Override
  public void handle(HttpExchange exchange) {
    try {
      send(exchange, answer(Request.read(exchange)));
    } catch (IOException clientGone) {
      // The client closed the connection (a timeout, say); there is no one left to answer.
    } catch (CancellationException closing) {
      // The simulator is closing and interrupted a latency or hang; the call ends unanswered.
    } catch (RuntimeException e) {
      e.printStackTrace();
      sendQuietly(exchange, Reply.json(500, Map.of("error", "simulator failure: " + e)));
    } finally {
      exchange.close();
    }
  }

  private Reply answer(Request request) {
    for (Route route : routes) {
      if (route.path().test(request.path())) {
        Reply reply = route.endpoint().answer(request);
        route.answered().accept(reply.status());
        return reply;
      }
    }
    return NOT_FOUND;
  }

  private static void send(HttpExchange exchange, Reply reply) throws IOException {
    reply.headers().forEach(exchange.getResponseHeaders()::set);
    byte[] body = reply.body();
    // -1 tells HttpServer there is no body at all: what 204 requires, and HEAD too (given a length
    // for a HEAD answer, HttpServer logs a warning on every call).
    boolean withBody = body.length > 0 && !"HEAD".equals(exchange.getRequestMethod());
    exchange.sendResponseHeaders(reply.status(), withBody ? body.length : -1);
    if (withBody) {
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(body);
      }
    }
  }

  /** After a failure mid-way the headers may be gone already; then closing is all that is left. */
  private static void sendQuietly(HttpExchange exchange, Reply reply) {
    if (exchange.getResponseCode() != -1) {
      return;
    }
    try {
      send(exchange, reply);
    } catch (IOException | RuntimeException ignored) {
      // Best effort: the finally block closes the exchange either way.
    }
  }
}
