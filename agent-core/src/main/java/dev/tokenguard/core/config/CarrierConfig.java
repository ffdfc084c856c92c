package dev.tokenguard.core.config;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * One configured carrier: a {@code carrier.<id>.*} block of the properties file with its preset's
 * defaults filled in. Immutable; built by {@link ConfigParser}.
 *
 * @param apiHosts     lower-case {@code host} or {@code host:port} entries; a bare host matches the
 *                     default port 443 only
 * @param clientId     null where the application makes its own token calls
 * @param clientSecret null where the application makes its own token calls; never logged
 * @param extraTokenParams further form fields of a configured token call (FedEx {@code child_Key}),
 *                     part of the credential
 * @param tokenWait    how long a caller waits for a token-call permit (and the min-interval floor);
 *                     never how long it waits for a call already made
 * @param tokenTimeout how long one real token call may take, connect to last byte; callers waiting
 *                     for a call in flight wait as long
 * @param quotaGroup   what the carrier's thresholds count against; by default the token host
 * @param refusalStatus the status of a synthetic refusal (kill-switch, limiter)
 * @param defaultRetryAfter how long to stay tripped after a 429 that names no {@code Retry-After}
 */
public record CarrierConfig(
        String id,
        Preset preset,
        Set<String> apiHosts,
        URI tokenUrl,
        String clientId,
        String clientSecret,
        Map<String, String> extraTokenParams,
        ClientAuth clientAuth,
        Attach attach,
        Duration refreshAhead,
        Duration minInterval,
        List<RateBand> tokenRate,
        Duration tokenWait,
        Duration tokenTimeout,
        int banStatus,
        Duration banDuration,
        boolean killSwitchOnAtStart,
        String quotaGroup,
        int refusalStatus,
        Duration defaultRetryAfter) {

    /** Whether the agent can make token calls of its own (and so attach tokens unasked). */
    public boolean hasCredentials() {
        return clientId != null && clientSecret != null;
    }

    /**
     * The settings a reload puts in force while the JVM runs, by their keys. The others name the
     * carrier and its credential (preset, hosts, token URL, client id and secret, token parameters,
     * client auth), what it shares a limiter with (quota group), or apply at start (kill-switch): they
     * take a restart.
     */
    public static final List<String> RELOADABLE = List.of("attach", "refresh-ahead", "min-interval", "token-rate",
            "token-wait", "token-timeout", "ban-status", "ban-duration", "refusal-status", "retry-after-default");

    /** The keys whose values differ between this and {@code other}, never the values (a secret may be among them). */
    public List<String> changedKeys(CarrierConfig other) {
        List<String> keys = new ArrayList<>();
        changed(keys, "preset", preset, other.preset);
        changed(keys, "api-hosts", apiHosts, other.apiHosts);
        changed(keys, "token-url", tokenUrl, other.tokenUrl);
        changed(keys, "client-id", clientId, other.clientId);
        changed(keys, "client-secret", clientSecret, other.clientSecret);
        changed(keys, "token-param", extraTokenParams, other.extraTokenParams);
        changed(keys, "client-auth", clientAuth, other.clientAuth);
        changed(keys, "attach", attach, other.attach);
        changed(keys, "refresh-ahead", refreshAhead, other.refreshAhead);
        changed(keys, "min-interval", minInterval, other.minInterval);
        changed(keys, "token-rate", tokenRate, other.tokenRate);
        changed(keys, "token-wait", tokenWait, other.tokenWait);
        changed(keys, "token-timeout", tokenTimeout, other.tokenTimeout);
        changed(keys, "ban-status", banStatus, other.banStatus);
        changed(keys, "ban-duration", banDuration, other.banDuration);
        changed(keys, "kill-switch", killSwitchOnAtStart, other.killSwitchOnAtStart);
        changed(keys, "quota-group", quotaGroup, other.quotaGroup);
        changed(keys, "refusal-status", refusalStatus, other.refusalStatus);
        changed(keys, "retry-after-default", defaultRetryAfter, other.defaultRetryAfter);
        return keys;
    }

    private static void changed(List<String> keys, String key, Object was, Object now) {
        if (!Objects.equals(was, now)) {
            keys.add(key);
        }
    }

    /**
     * This carrier with the {@link #RELOADABLE} settings named in {@code keys} taken from
     * {@code next}, and every other setting as it is.
     */
    public CarrierConfig withReloaded(CarrierConfig next, Collection<String> keys) {
        return new CarrierConfig(id, preset, apiHosts, tokenUrl, clientId, clientSecret, extraTokenParams, clientAuth,
                keys.contains("attach") ? next.attach : attach,
                keys.contains("refresh-ahead") ? next.refreshAhead : refreshAhead,
                keys.contains("min-interval") ? next.minInterval : minInterval,
                keys.contains("token-rate") ? next.tokenRate : tokenRate,
                keys.contains("token-wait") ? next.tokenWait : tokenWait,
                keys.contains("token-timeout") ? next.tokenTimeout : tokenTimeout,
                keys.contains("ban-status") ? next.banStatus : banStatus,
                keys.contains("ban-duration") ? next.banDuration : banDuration,
                killSwitchOnAtStart, quotaGroup,
                keys.contains("refusal-status") ? next.refusalStatus : refusalStatus,
                keys.contains("retry-after-default") ? next.defaultRetryAfter : defaultRetryAfter);
    }

    @Override
    public String toString() {
        // The secret is left out on purpose: configurations get logged.
        return "CarrierConfig[" + id + ", preset=" + preset + ", apiHosts=" + apiHosts + ", tokenUrl=" + tokenUrl + "]";
    }
}
