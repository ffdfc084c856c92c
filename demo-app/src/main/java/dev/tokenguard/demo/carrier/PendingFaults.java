package dev.tokenguard.demo.carrier;

import java.util.ArrayDeque;
import java.util.Optional;

/** Faults queued for the next token calls, each used once, first queued first used. */
final class PendingFaults {
  private final ArrayDeque<TokenFault> queue = new ArrayDeque<>();

  synchronized void add(TokenFault fault, int times) {
    Validation.positive("times", times);
    for (int i = 0; i < times; i++) {
      queue.addLast(fault);
    }
  }

  synchronized Optional<TokenFault> take() {
    return Optional.ofNullable(queue.pollFirst());
  }

  synchronized void clear() {
    queue.clear();
  }
}
