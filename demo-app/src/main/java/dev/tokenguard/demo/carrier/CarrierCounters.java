package dev.tokenguard.demo.carrier;

import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/** The counts behind one carrier's {@link CarrierStats}. */
final class CarrierCounters {
  private final TimeSource time;
  private final LongAdder tokenCalls = new LongAdder();
  private final LongAdder tokensIssued = new LongAdder();
  private final Map<Integer, LongAdder> tokenStatuses = new ConcurrentHashMap<>();
  private final Map<Integer, LongAdder> apiStatuses = new ConcurrentHashMap<>();
  private final TokenCallRate rate;

  CarrierCounters(TimeSource time) {
    this.time = time;
    this.rate = new TokenCallRate(time.nanoTime());
  }

  void tokenCallArrived() {
    tokenCalls.increment();
    rate.record(time.nanoTime());
  }

  void tokenIssued() {
    tokensIssued.increment();
  }

  void tokenCallAnswered(int status) {
    tokenStatuses.computeIfAbsent(status, any -> new LongAdder()).increment();
  }

  void apiCallAnswered(int status) {
    apiStatuses.computeIfAbsent(status, any -> new LongAdder()).increment();
  }

  CarrierStats snapshot(long bans, boolean banned, ApiQuotaStats apiQuota) {
    return new CarrierStats(
        tokenCalls.sum(),
        tokensIssued.sum(),
        sums(tokenStatuses),
        sums(apiStatuses),
        bans,
        banned,
        rate.peak(),
        rate.perSecond(time.nanoTime()),
        apiQuota);
  }

  private static Map<Integer, Long> sums(Map<Integer, LongAdder> counters) {
    Map<Integer, Long> sums = new HashMap<>();
    counters.forEach((status, adder) -> sums.put(status, adder.sum()));
    return sums;
  }
}
