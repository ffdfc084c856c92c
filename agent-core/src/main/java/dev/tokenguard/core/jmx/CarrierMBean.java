package dev.tokenguard.core.jmx;

/**
 * One carrier as an MBean, named {@code tokenguard:type=Carrier,name=<id>}. Counters are plain
 * {@code long}s since the JVM started, so the Prometheus JMX exporter scrapes them as they are;
 * tokens appear only as fingerprints (the first 8 hex digits of their SHA-256), secrets never.
 */
@Description("One carrier guarded by tokenguard: its kill-switch, its current token and its counters since the JVM"
        + " started. Tokens appear only as fingerprints, secrets never.")
public interface CarrierMBean {

    @Description("True while the kill-switch holds back every request to this carrier (tripped, or waiting for its"
            + " probe). Write true to trip it until reset (reason \"tripped over JMX\"), false to reset it.")
    boolean isKillSwitchTripped();

    void setKillSwitchTripped(boolean tripped);

    @Description("OFF: requests flow. TRIPPED: nothing leaves the JVM for this carrier. PROBING: one request is out"
            + " as the probe after a timed trip; the others are refused until it is answered.")
    String getKillSwitchState();

    @Description("Why the kill-switch is tripped (a ban or 429 from the carrier, or the reason given by hand);"
            + " empty while it is off.")
    String getKillSwitchReason();

    @Description("Seconds until a timed trip (after a ban or a 429) sends its probe; -1 while tripped by hand,"
            + " which lasts until reset; 0 while off or probing.")
    long getKillSwitchRemainingSeconds();

    @Description("Fingerprint (first 8 hex digits of the SHA-256) of the token put on requests that carry none;"
            + " empty when there is no usable token.")
    String getTokenFingerprint();

    @Description("Whole seconds that token has left; -1 when there is none.")
    long getTokenExpiresInSeconds();

    @Description("Token calls that left the JVM: the application's own that got through and the agent's renewals.")
    long getRealTokenCalls();

    @Description("Token requests of the application answered from the agent's cache instead of the carrier.")
    long getSuppressedRenewals();

    @Description("Callers that waited for a renewal already in flight instead of making their own token call.")
    long getCoalescedWaiters();

    @Description("Renewals the token-call limiter held back, keeping the carrier's token thresholds.")
    long getRateLimitedRenewals();

    @Description("API responses with status 401 (Unauthorized).")
    long getUnauthorized();

    @Description("401s for a fresh token while no renewal of this JVM was in flight: someone else (an instance"
            + " without the agent, another tool) renews this carrier's credential and so revokes the agent's tokens.")
    long getRevokedElsewhere();

    @Description("API requests whose superseded bearer token the agent replaced with the current one.")
    long getUpgraded();

    @Description("API requests sent once more with a new token after a 401.")
    long getReplayed();

    @Description("Requests the agent answered itself with a synthetic refusal (kill-switch, limiter, back-off,"
            + " a wait that ran out) instead of sending them to the carrier.")
    long getRefused();

    @Description("Refused by kind, every kind in a fixed order: kill-switch, rate-limit (token-rate or"
            + " min-interval), backing-off (after failed renewals), token-endpoint-failed, renewal-wait (a renewal in"
            + " flight outlasted the wait), unreadable-body, internal-error, other. For example"
            + " \"kill-switch=3, rate-limit=0, ...\"; the counts add up to Refused.")
    String getRefusedByReason();

    @Description("Ban answers from the carrier (its ban status from the token endpoint or a probe).")
    long getBansDetected();

    @Description("Real token calls that brought no usable token.")
    long getFailedRenewals();

    @Description("Unexpected errors inside the agent, each answered safely; the first is logged at ERROR.")
    long getInternalErrors();

    @Description("Observe mode: the application's token requests seen; each went to the carrier as it was made.")
    long getObservedTokenRequests();

    @Description("Observe mode: of those, the token calls enforce would have made itself (the first of a credential"
            + " with no valid token, with a limiter permit).")
    long getWouldBeTokenCalls();

    @Description("Observe mode: of those, renewals enforce would have answered from its cache (its own token, or"
            + " the one a would-be call brought, within the carrier's documented token lifetime).")
    long getWouldBeSuppressed();

    @Description("Observe mode: of those, renewals enforce would have joined to a would-be call of the same"
            + " credential still waiting for its answer.")
    long getWouldBeCoalesced();

    @Description("Observe mode: of those, token calls the token-call limiter had no permit for at that moment.")
    long getWouldBeHeldBack();

    @Description("Observe mode: calls made while the kill-switch was tripped, which enforce would have refused.")
    long getWouldBeKillSwitchRefusals();

    @Description("Observe mode: times an observed token answer (a ban or a 429) tripped the kill-switch.")
    long getWouldBeKillSwitchTrips();

    @Description("Observe mode: token answers with the carrier's ban status.")
    long getObservedBans();

    @Description("Observe mode: API calls a block or a carrier's pause would have refused (a policy's own would-be"
            + " refusals are its ShadowRefused).")
    long getWouldBePolicyRefusals();

    @Description("Trips the kill-switch until reset: from the next request of every thread nothing for this carrier"
            + " leaves the JVM, and the application gets the agent's synthetic refusal.")
    void tripKillSwitch(@Description(name = "reason", value = "Why, for the log and KillSwitchReason;"
            + " blank means \"tripped over JMX\".") String reason);

    @Description("Turns the kill-switch off at once, without a probe: the next request goes out (a token call as"
            + " soon as the limiter allows).")
    void resetKillSwitch();

    @Description("Drops this carrier's current tokens, so that the next request renews. Returns how many were dropped.")
    int invalidateToken();
}
