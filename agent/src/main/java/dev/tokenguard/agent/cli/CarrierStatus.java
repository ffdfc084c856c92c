package dev.tokenguard.agent.cli;

import dev.tokenguard.core.jmx.CarrierMBean;
import java.lang.reflect.UndeclaredThrowableException;
import java.util.StringJoiner;

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
        long bansDetected,
        String refusedByReason,
        WouldBeStatus wouldBe) {

    static CarrierStatus read(String id, CarrierMBean bean) {
        return new CarrierStatus(id, bean.getKillSwitchState(), bean.getKillSwitchReason(),
                bean.getKillSwitchRemainingSeconds(), bean.getTokenFingerprint(), bean.getTokenExpiresInSeconds(),
                bean.getRealTokenCalls(), bean.getSuppressedRenewals(), bean.getCoalescedWaiters(),
                bean.getRateLimitedRenewals(), bean.getUnauthorized(), bean.getUpgraded(), bean.getReplayed(),
                bean.getRefused(), bean.getBansDetected(), refusedByReason(bean), WouldBeStatus.read(bean));
    }

    /** Empty where the JVM runs an agent older than the attribute: its other figures still show. */
    private static String refusedByReason(CarrierMBean bean) {
        try {
            return bean.getRefusedByReason();
        } catch (UndeclaredThrowableException notThere) {
            return "";
        }
    }

    /**
     * The kinds with any refusal, {@code kill-switch 1664, rate-limit 3}, from the bean's
     * {@code kind=count, ...} (every kind, zeros too); {@code -} when there is none.
     */
    String refusals() {
        StringJoiner shown = new StringJoiner(", ");
        for (String pair : refusedByReason.split(", ")) {
            int equals = pair.indexOf('=');
            if (equals > 0 && !pair.substring(equals + 1).equals("0")) {
                shown.add(pair.substring(0, equals) + " " + pair.substring(equals + 1));
            }
        }
        return shown.length() == 0 ? "-" : shown.toString();
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
