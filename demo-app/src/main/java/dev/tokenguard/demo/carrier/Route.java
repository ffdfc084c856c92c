package dev.tokenguard.demo.carrier;

import java.util.function.IntConsumer;
import java.util.function.Predicate;

/**
 * A path, what answers it, and who counts the answer's status. Counting happens before the reply is
 * written, so a client that reads the stats right after its call sees the call counted.
 */
record Route(Predicate<String> path, Endpoint endpoint, IntConsumer answered) {
  static Route exact(String path, Endpoint endpoint, IntConsumer answered) {
    return new Route(path::equals, endpoint, answered);
  }

  static Route uncounted(String path, Endpoint endpoint) {
    return exact(path, endpoint, status -> {});
  }
}
