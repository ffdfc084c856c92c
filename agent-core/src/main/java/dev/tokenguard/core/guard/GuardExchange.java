package dev.tokenguard.core.guard;

import dev.tokenguard.core.broker.Token;
import dev.tokenguard.core.http.Exchange;
import dev.tokenguard.core.killswitch.Admission;

/**
 * An API request that was let through: which token it carries (null when none of the broker's),
 * whether the agent put it there, whether it is already a replay, and its kill-switch admission
 * (the probe's answer must be reported). Immutable, so the common ones are shared.
 */
record GuardExchange(CarrierRuntime carrier, Token token, boolean attached, boolean replay, Admission admission)
        implements Exchange {

    boolean probe() {
        return admission instanceof Admission.Probe;
    }
}
