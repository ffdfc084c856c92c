package dev.tokenguard.demo.carrier;

import java.util.Optional;

/**
 * What every token call meets before its carrier reads it: it is counted, judged by the thresholds,
 * delayed by the configured latency, and perhaps answered by a queued fault. A refused call does not
 * use up a fault, so a fault test is not confused by a ban.
 */
final class TokenGate {
  private final CarrierState state;

  TokenGate(CarrierState state) {
    this.state = state;
  }

  /** An answer that pre-empts the carrier's own, or empty to let the call through. */
  Optional<Reply> screen(Request request) {
    state.counters().tokenCallArrived();
    boolean admitted = state.enforcer().admitTokenCall(request.clientIp());
    Pause.sleep(state.settings().tokenLatency());
    if (!admitted) {
      return Optional.of(state.errors().refused());
    }
    return state.faults().take().map(this::answer);
  }

  private Reply answer(TokenFault fault) {
    return switch (fault.kind()) {
      case SERVER_ERROR -> state.errors().serverError();
      case HANG -> {
        Pause.sleep(fault.hang());
        yield state.errors().gatewayTimeout();
      }
      case MALFORMED_JSON -> Reply.malformedJson();
    };
  }
}
