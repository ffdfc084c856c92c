package dev.tokenguard.core.config;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
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

    @Override
    public String toString() {
        // The secret is left out on purpose: configurations get logged.
        return "CarrierConfig[" + id + ", preset=" + preset + ", apiHosts=" + apiHosts + ", tokenUrl=" + tokenUrl + "]";
    }
}
