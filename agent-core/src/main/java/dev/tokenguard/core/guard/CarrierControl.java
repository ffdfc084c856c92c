package dev.tokenguard.core.guard;

import dev.tokenguard.core.events.CarrierStats;
import dev.tokenguard.core.events.WouldBe;
import dev.tokenguard.core.killswitch.KillSwitchState;

/** One carrier as operators see it (JMX): its counters, its kill-switch, its current token. */
public interface CarrierControl {

    String id();

    CarrierStats stats();

    /** What enforce would have done with the calls observe mode let go (zeros if it never observed). */
    WouldBe wouldBe();

    KillSwitchState killSwitchState();

    /** Trips the kill-switch until {@link #resetKillSwitch()}: nothing for the carrier leaves the JVM. */
    void tripKillSwitch(String reason);

    /** Turns the kill-switch off at once, without a probe. */
    void resetKillSwitch();

    /** Drops every current token of the carrier; the next request renews. Returns how many. */
    int invalidateTokens();

    /** How many credentials the broker holds tokens (or renewals) for. */
    int credentials();

    /** The fingerprint of the token that goes on requests carrying none, or null when there is none. */
    String currentTokenFingerprint();

    /** Whole seconds that token has left, or -1 when there is none. */
    long currentTokenExpiresInSeconds();
}
