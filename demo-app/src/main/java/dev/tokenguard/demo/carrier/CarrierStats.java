package dev.tokenguard.demo.carrier;

import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What one carrier has seen since start or the last reset.
 *
 * @param tokenCalls every hit on the token endpoint, refused ones included
 * @param tokensIssued tokens actually handed out
 * @param tokenCallsByStatus token endpoint answers by HTTP status
 * @param apiCallsByStatus API route answers by HTTP status
 * @param bans bans (FedEx) or quota penalties (UPS) started
 * @param banned whether any IP is banned right now
 * @param peakTokenCallsPerSecond most token calls in any one-second window, see {@link TokenCallRate}
 * @param tokenCallsPerSecond token calls in each whole second since start or reset
 * @param apiQuota what the API quotas admitted and refused; their 429s are in {@code apiCallsByStatus} too
 */
public record CarrierStats(
    long tokenCalls,
    long tokensIssued,
    Map<Integer, Long> tokenCallsByStatus,
    Map<Integer, Long> apiCallsByStatus,
    long bans,
    boolean banned,
    int peakTokenCallsPerSecond,
    List<Integer> tokenCallsPerSecond,
    ApiQuotaStats apiQuota) {

  public CarrierStats {
    tokenCallsByStatus = sorted(tokenCallsByStatus);
    apiCallsByStatus = sorted(apiCallsByStatus);
    tokenCallsPerSecond = List.copyOf(tokenCallsPerSecond);
  }

  /** Statuses in ascending order, so the JSON reads the same every time. */
  private static Map<Integer, Long> sorted(Map<Integer, Long> byStatus) {
    return Collections.unmodifiableSortedMap(new TreeMap<>(byStatus));
  }

  public long tokenCalls(int status) {
    return tokenCallsByStatus.getOrDefault(status, 0L);
  }

  public long apiCalls(int status) {
    return apiCallsByStatus.getOrDefault(status, 0L);
  }
}
