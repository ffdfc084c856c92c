package dev.tokenguard.agent.cli;

import dev.tokenguard.core.jmx.CarrierMBean;

/** The figures of one carrier bean, read once for a row of the status table. */
record CarrierStatus(
        String id,
        String killSwitchState,
        String killSwitchReason,
        long killSwitchRemainingSeconds,
        String tokenFingerprint,
        long tokenExpiresInSeconds,
        long realTokenCalls,
        long suppressedRenewals,
        long coalescedWaiters,
        long rateLimitedRenewals,
        long unauthorized,
        long upgraded,
        long replayed,
        long refused,
        long bansDetected) {

    static CarrierStatus read(String id, CarrierMBean bean) {
        return new CarrierStatus(id, bean.getKillSwitchState(), bean.getKillSwitchReason(),
                bean.getKillSwitchRemainingSeconds(), bean.getTokenFingerprint(), bean.getTokenExpiresInSeconds(),
                bean.getRealTokenCalls(), bean.getSuppressedRenewals(), bean.getCoalescedWaiters(),
                bean.getRateLimitedRenewals(), bean.getUnauthorized(), bean.getUpgraded(), bean.getReplayed(),
                bean.getRefused(), bean.getBansDetected());
    }

    /** {@code off}, {@code TRIPPED: <reason> (until reset)}, {@code TRIPPED: <reason> (probe in N s)} or {@code PROBING: <reason>}. */
    String killSwitch() {
        return switch (killSwitchState) {
            case "OFF" -> "off";
            case "TRIPPED" -> "TRIPPED: " + killSwitchReason + (killSwitchRemainingSeconds < 0 ? " (until reset)"
                    : " (probe in " + killSwitchRemainingSeconds + " s)");
            default -> killSwitchState + ": " + killSwitchReason;
        };
    }
}
