package dev.tokenguard.agent.cli;

import dev.tokenguard.core.jmx.CarrierMBean;

/** The would-be figures of one carrier bean (what enforce would have done while observing), read once. */
record WouldBeStatus(
        long observedTokenRequests,
        long tokenCalls,
        long suppressed,
        long coalesced,
        long heldBack,
        long killSwitchRefusals,
        long killSwitchTrips,
        long bansSeen,
        long policyRefusals) {

    static WouldBeStatus read(CarrierMBean bean) {
        return new WouldBeStatus(bean.getObservedTokenRequests(), bean.getWouldBeTokenCalls(), bean.getWouldBeSuppressed(),
                bean.getWouldBeCoalesced(), bean.getWouldBeHeldBack(), bean.getWouldBeKillSwitchRefusals(),
                bean.getWouldBeKillSwitchTrips(), bean.getObservedBans(), bean.getWouldBePolicyRefusals());
    }

    /** Whether anything was ever observed: the figures are worth a table. */
    boolean any() {
        return observedTokenRequests + killSwitchRefusals + policyRefusals + bansSeen > 0;
    }
}
