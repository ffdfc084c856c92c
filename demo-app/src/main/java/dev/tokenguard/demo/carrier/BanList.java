package dev.tokenguard.demo.carrier;

import java.util.HashMap;
import java.util.Map;

/** Which IPs are banned until when (nanos). Not thread-safe: its owner locks. */
final class BanList {
  private final Map<String, Long> endsAt = new HashMap<>();
  private long started;

  void start(String ip, long now, long lengthNanos) {
    endsAt.put(ip, now + lengthNanos);
    started++;
  }

  /** FedEx: "further violations during the ban extend it"; the ban then runs its full length from now. */
  void extend(String ip, long now, long lengthNanos) {
    endsAt.put(ip, now + lengthNanos);
  }

  boolean isBanned(String ip, long now) {
    Long end = endsAt.get(ip);
    if (end == null) {
      return false;
    }
    if (now - end >= 0) {
      endsAt.remove(ip);
      return false;
    }
    return true;
  }

  boolean anyBanned(long now) {
    endsAt.values().removeIf(end -> now - end >= 0);
    return !endsAt.isEmpty();
  }

  long started() {
    return started;
  }
}
