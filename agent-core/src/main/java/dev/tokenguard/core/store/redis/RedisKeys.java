package dev.tokenguard.core.store.redis;

import dev.tokenguard.core.config.RateBand;

/**
 * The names tokenguard uses in Redis, all under {@code <cluster>:}, the {@code tokenguard.cluster.name}
 * ({@code tokenguard} when not given), so that several clusters can share one Redis. A credential
 * appears only as its SHA-256 ({@link dev.tokenguard.core.broker.StoreKey#name()}).
 *
 * <ul>
 * <li>{@code <cluster>:token:<carrier>:<sha256>}: the cluster's current token, a hash of the
 *     carrier's answer, when it goes stale and expires (Redis time) and their seal; expires with the
 *     token.
 * <li>{@code <cluster>:lease:<carrier>:<sha256>}: who renews it now, {@code <instance>:<fence>};
 *     expires after {@link RedisTokenStore#LEASE_TTL} unless its holder keeps it alive.
 * <li>{@code <cluster>:fence:<carrier>:<sha256>}: the fencing counter; expires a day after its last
 *     lease.
 * <li>{@code <cluster>:limit-units:<quota-group>}: Bucket4j's bucket, counting in
 *     {@link dev.tokenguard.core.limit.RateBands#UNITS_PER_CALL}ths of a call (a new name, since
 *     Bucket4j keeps the configuration a bucket was made with, and an older agent's bucket counts
 *     whole calls); expires once it would be full again.
 * <li>{@code <cluster>:kill-switch:<carrier>}: the latest trip or reset the cluster took, with its
 *     times in Redis's clock ({@link RedisKillSwitches}); a trip expires when it ends, or (by hand)
 *     stays until reset; a reset expires after {@link RedisKillSwitches#RESET_KEPT}.
 * <li>{@code <cluster>:places:<name>:<i>:<N>/<W>ms:flight} and {@code ...:held}: the places of band
 *     {@code i} ({@code N} calls per {@code W} ms) of a cluster-scoped policy's counter
 *     ({@link RedisSharedCounters}), sorted sets of call ids scored by when their lease ends and
 *     until when they are held (Redis time); the band is in the name so that a changed band starts
 *     afresh. They expire a minute after the last place in them could still be live.
 * <li>channels {@code <cluster>:tokens}, {@code <cluster>:kill-switch} and {@code <cluster>:policies}.
 * </ul>
 */
record RedisKeys(String prefix) {
    static final String DEFAULT_CLUSTER = "tokenguard";

    static RedisKeys of(String clusterName) {
        return new RedisKeys((clusterName == null ? DEFAULT_CLUSTER : clusterName) + ":");
    }

    String token(String key) {
        return prefix + "token:" + key;
    }

    String lease(String key) {
        return prefix + "lease:" + key;
    }

    String fence(String key) {
        return prefix + "fence:" + key;
    }

    String limit(String quotaGroup) {
        return prefix + "limit-units:" + quotaGroup;
    }

    String killSwitch(String carrier) {
        return prefix + "kill-switch:" + carrier;
    }

    String placesInFlight(String name, int band, RateBand rate) {
        return places(name, band, rate) + ":flight";
    }

    String placesHeld(String name, int band, RateBand rate) {
        return places(name, band, rate) + ":held";
    }

    private String places(String name, int band, RateBand rate) {
        return prefix + "places:" + name + ":" + band + ":" + rate.calls() + "/" + rate.period().toMillis() + "ms";
    }

    String tokensChannel() {
        return prefix + "tokens";
    }

    String killSwitchChannel() {
        return prefix + "kill-switch";
    }

    String policiesChannel() {
        return prefix + "policies";
    }
}
