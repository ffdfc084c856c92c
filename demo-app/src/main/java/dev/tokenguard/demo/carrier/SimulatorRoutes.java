package dev.tokenguard.demo.carrier;

import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import java.util.function.Supplier;

/** Which path goes where: both carriers' token and API routes, and the simulator's own /__sim routes. */
final class SimulatorRoutes {
  /** FedEx: once banned, "every request" from the IP gets 403, API calls included. */
  private static final boolean FEDEX_BANS_ALL_ROUTES = true;
  /** UPS: its 429 "Quota Limit Exceeded" is a token endpoint error; API calls are not refused. */
  private static final boolean UPS_LIMITS_ONLY_TOKENS = false;

  private SimulatorRoutes() {}

  static List<Route> of(CarrierState fedex, CarrierState ups, Supplier<SimulatorStats> stats, Runnable reset) {
    return List.of(
        token("/oauth/token", new FedExTokenEndpoint(fedex), fedex),
        api("/rate/v1/rates/quotes"::equals, fedex, FEDEX_BANS_ALL_ROUTES, ApiDocuments.FEDEX_RATE),
        api("/ship/v1/shipments"::equals, fedex, FEDEX_BANS_ALL_ROUTES, ApiDocuments.FEDEX_SHIP),
        api("/track/v1/trackingnumbers"::equals, fedex, FEDEX_BANS_ALL_ROUTES, ApiDocuments.FEDEX_TRACK),
        token("/security/v1/oauth/token", new UpsTokenEndpoint(ups), ups),
        // UPS versions its paths and names the request option last: /api/rating/v2409/Rate, .../Shop.
        api(path -> path.matches("/api/rating/[^/]+/[^/]+"), ups, UPS_LIMITS_ONLY_TOKENS, ApiDocuments.UPS_RATE),
        Route.uncounted("/__sim/stats", request -> statsReply(request, stats)),
        Route.uncounted("/__sim/reset", request -> resetReply(request, reset)));
  }

  private static Route token(String path, Endpoint endpoint, CarrierState state) {
    return Route.exact(path, endpoint, status -> state.counters().tokenCallAnswered(status));
  }

  private static Route api(
      Predicate<String> path, CarrierState state, boolean sharesBan, Map<String, Object> document) {
    return new Route(
        path, new ApiEndpoint(state, sharesBan, document), status -> state.counters().apiCallAnswered(status));
  }

  private static Reply statsReply(Request request, Supplier<SimulatorStats> stats) {
    return "GET".equals(request.method())
        ? Reply.json(200, stats.get())
        : Reply.json(405, Map.of("error", "use GET")).withHeader("Allow", "GET");
  }

  private static Reply resetReply(Request request, Runnable reset) {
    if (!request.isPost()) {
      return Reply.json(405, Map.of("error", "use POST")).withHeader("Allow", "POST");
    }
    reset.run();
    return Reply.empty(204);
  }
}
