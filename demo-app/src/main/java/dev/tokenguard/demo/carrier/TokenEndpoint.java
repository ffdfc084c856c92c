package dev.tokenguard.demo.carrier;

/**
 * What both carriers' token endpoints do alike: the call meets the {@link TokenGate} first, must then
 * be a form POST, and its reply is never cacheable. How the form is read and the token written is
 * the carrier's own.
 */
abstract class TokenEndpoint implements Endpoint {
  final CarrierState state;
  private final TokenGate gate;

  TokenEndpoint(CarrierState state) {
    this.state = state;
    this.gate = new TokenGate(state);
  }

  @Override
  public final Reply answer(Request request) {
    return gate.screen(request).orElseGet(() -> formPost(request)).notCacheable();
  }

  private Reply formPost(Request request) {
    ErrorReplies errors = state.errors();
    if (!request.isPost()) {
      return errors.methodNotAllowed(request.method());
    }
    if (!request.hasFormBody()) {
      return errors.badRequest("Content-Type must be application/x-www-form-urlencoded.");
    }
    return issue(request);
  }

  /** The carrier's answer to a form POST that passed the gate. */
  abstract Reply issue(Request request);
}
