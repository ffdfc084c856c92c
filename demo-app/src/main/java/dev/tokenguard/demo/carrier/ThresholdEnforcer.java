package dev.tokenguard.demo.carrier;

import java.util.HashMap;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Applies one carrier's {@link ThresholdRules} to the calls it sees, per client IP.
 *
 * <p>Decisions, in order: a call from a banned IP is refused and pushes the ban's end to now plus the
 * ban length (probing during a ban is what keeps it alive). Otherwise a token call is remembered and,
 * if it makes a rule fire, it is itself refused and starts a ban; the IP's history is then forgotten,
 * since nothing it did before the ban can matter once the ban is over. Refused calls are not added to
 * the history: their effect is the extension.
 *
 * <p>One lock guards everything: the work per call is a short walk over a few recent timestamps, and a
 * single lock makes "check, then record, then ban" atomic under 200 concurrent callers.
 */
final class ThresholdEnforcer {
  private final Supplier<ThresholdRules> rules;
  private final TimeSource time;
  private final Map<String, CallHistory> histories = new HashMap<>();
  private BanList bans = new BanList();

  ThresholdEnforcer(Supplier<ThresholdRules> rules, TimeSource time) {
    this.rules = rules;
    this.time = time;
  }

  /** Records a token call; true if it may be answered, false if refused (banned now or before). */
  synchronized boolean admitTokenCall(String ip) {
    long now = time.nanoTime();
    ThresholdRules current = rules.get();
    if (refuseIfBanned(ip, now, current)) {
      return false;
    }
    if (!current.isEnabled()) {
      return true;
    }
    CallHistory history = histories.computeIfAbsent(ip, any -> new CallHistory());
    history.add(now);
    history.forgetUpTo(now - current.memory().toNanos());
    if (current.isBrokenBy(history, now)) {
      histories.remove(ip);
      bans.start(ip, now, current.ban().toNanos());
      return false;
    }
    return true;
  }

  /** For routes that share the ban but do not count towards the rules (FedEx's API routes). */
  synchronized boolean refuseIfBanned(String ip) {
    return refuseIfBanned(ip, time.nanoTime(), rules.get());
  }

  private boolean refuseIfBanned(String ip, long now, ThresholdRules current) {
    if (!bans.isBanned(ip, now)) {
      return false;
    }
    bans.extend(ip, now, current.ban().toNanos());
    return true;
  }

  synchronized long bansStarted() {
    return bans.started();
  }

  synchronized boolean anyBanned() {
    return bans.anyBanned(time.nanoTime());
  }

  synchronized void reset() {
    histories.clear();
    bans = new BanList();
  }
}
