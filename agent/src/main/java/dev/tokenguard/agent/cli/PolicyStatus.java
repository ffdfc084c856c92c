package dev.tokenguard.agent.cli;

import dev.tokenguard.core.jmx.PolicyMBean;

/** The figures of one policy bean, read once for a row of the {@code policies} table. */
record PolicyStatus(
        String name,
        String carrier,
        boolean enabled,
        String mode,
        long matched,
        long admitted,
        long waited,
        long refused,
        long shadowRefused,
        int inFlight,
        String pausedUntil) {

    static PolicyStatus read(String name, PolicyMBean bean) {
        return new PolicyStatus(name, bean.getCarrier(), bean.isEnabled(), bean.getMode(), bean.getMatched(),
                bean.getAdmitted(), bean.getWaited(), bean.getRefused(), bean.getShadowRefused(), bean.getInFlight(),
                bean.getPausedUntil());
    }
}
