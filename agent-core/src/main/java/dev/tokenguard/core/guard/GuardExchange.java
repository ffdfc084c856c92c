package dev.tokenguard.core.guard;

import dev.tokenguard.core.broker.Token;
import dev.tokenguard.core.http.Exchange;
import dev.tokenguard.core.killswitch.Admission;
import dev.tokenguard.core.policy.PolicyPass;

/**
 * An API request that was let through: which token it carries (null when none of the broker's),
 * whether the agent put it there, whether it is already a replay, its kill-switch admission (the
 * probe's answer must be reported), and the policy counters it passed (null when no policy counted
 * it: its response frees their in-flight places, counts its bytes, and a 429 pauses them).
 * Immutable, so the common ones are shared.
 */
record GuardExchange(CarrierRuntime carrier, Token token, boolean attached, boolean replay, Admission admission,
                     PolicyPass pass) implements Exchange {

    boolean probe() {
        return admission instanceof Admission.Probe;
    }
}
