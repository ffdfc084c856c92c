package dev.tokenguard.core.jmx;

import dev.tokenguard.core.events.CarrierStats;
import dev.tokenguard.core.guard.CarrierControl;
import dev.tokenguard.core.killswitch.KillSwitchState;
import dev.tokenguard.core.time.TimeSource;
import java.util.concurrent.TimeUnit;
import javax.management.NotCompliantMBeanException;

/**
 * {@link CarrierMBean} over one carrier's {@link CarrierControl}, described from the interface's
 * {@link Description}s.
 *
 * <p>Every read goes to the carrier's live state; nothing is cached here.
 */
final class CarrierBean extends DescribedBean implements CarrierMBean {
    static final String TRIPPED_OVER_JMX = "tripped over JMX";

    private final CarrierControl carrier;
    private final TimeSource time;

    CarrierBean(CarrierControl carrier, TimeSource time) throws NotCompliantMBeanException {
        super(CarrierMBean.class);
        this.carrier = carrier;
        this.time = time;
    }

    @Override
    public boolean isKillSwitchTripped() {
        return carrier.killSwitchState() != KillSwitchState.OFF;
    }

    /** Idempotent: writing true over a trip by hand keeps that trip's reason. */
    @Override
    public void setKillSwitchTripped(boolean tripped) {
        if (!tripped) {
            carrier.resetKillSwitch();
        } else if (!(carrier.killSwitchState() instanceof KillSwitchState.Tripped t && t.manual())) {
            carrier.tripKillSwitch(TRIPPED_OVER_JMX);
        }
    }

    @Override
    public String getKillSwitchState() {
        return carrier.killSwitchState().name();
    }

    @Override
    public String getKillSwitchReason() {
        KillSwitchState s = carrier.killSwitchState();
        if (s instanceof KillSwitchState.Tripped t) {
            return t.reason();
        }
        return s instanceof KillSwitchState.Probing p ? p.reason() : "";
    }

    @Override
    public long getKillSwitchRemainingSeconds() {
        if (!(carrier.killSwitchState() instanceof KillSwitchState.Tripped t)) {
            return 0;
        }
        if (t.manual()) {
            return -1;
        }
        long left = t.probeAtNanos() - time.nanoTime();
        return left <= 0 ? 0 : (left + TimeUnit.SECONDS.toNanos(1) - 1) / TimeUnit.SECONDS.toNanos(1);
    }

    @Override
    public String getTokenFingerprint() {
        String fingerprint = carrier.currentTokenFingerprint();
        return fingerprint == null ? "" : fingerprint;
    }

    @Override
    public long getTokenExpiresInSeconds() {
        return carrier.currentTokenExpiresInSeconds();
    }

    @Override
    public long getRealTokenCalls() {
        return stats().realTokenCalls();
    }

    @Override
    public long getSuppressedRenewals() {
        return stats().suppressedRenewals();
    }

    @Override
    public long getCoalescedWaiters() {
        return stats().coalescedWaiters();
    }

    @Override
    public long getRateLimitedRenewals() {
        return stats().rateLimitedRenewals();
    }

    @Override
    public long getUnauthorized() {
        return stats().unauthorized();
    }

    @Override
    public long getRevokedElsewhere() {
        return stats().revokedElsewhere();
    }

    @Override
    public long getUpgraded() {
        return stats().upgraded();
    }

    @Override
    public long getReplayed() {
        return stats().replayed();
    }

    @Override
    public long getRefused() {
        return stats().refused();
    }

    @Override
    public String getRefusedByReason() {
        return stats().refusedByReasonText();
    }

    @Override
    public long getBansDetected() {
        return stats().bansDetected();
    }

    @Override
    public long getFailedRenewals() {
        return stats().failedRenewals();
    }

    @Override
    public long getInternalErrors() {
        return stats().internalErrors();
    }

    @Override
    public void tripKillSwitch(String reason) {
        carrier.tripKillSwitch(reason == null || reason.isBlank() ? TRIPPED_OVER_JMX : reason.strip());
    }

    @Override
    public void resetKillSwitch() {
        carrier.resetKillSwitch();
    }

    @Override
    public int invalidateToken() {
        return carrier.invalidateTokens();
    }

    @Override
    public long getObservedTokenRequests() {
        return carrier.wouldBe().tokenRequests();
    }

    @Override
    public long getWouldBeTokenCalls() {
        return carrier.wouldBe().wouldCall();
    }

    @Override
    public long getWouldBeSuppressed() {
        return carrier.wouldBe().suppressed();
    }

    @Override
    public long getWouldBeCoalesced() {
        return carrier.wouldBe().coalesced();
    }

    @Override
    public long getWouldBeHeldBack() {
        return carrier.wouldBe().heldBack();
    }

    @Override
    public long getWouldBeKillSwitchRefusals() {
        return carrier.wouldBe().killSwitchRefusals();
    }

    @Override
    public long getWouldBeKillSwitchTrips() {
        return carrier.wouldBe().killSwitchTrips();
    }

    @Override
    public long getObservedBans() {
        return carrier.wouldBe().bansSeen();
    }

    @Override
    public long getWouldBePolicyRefusals() {
        return carrier.wouldBe().policyRefusals();
    }

    private CarrierStats stats() {
        return carrier.stats();
    }

    @Override
    String instance() {
        return " Carrier: " + carrier.id() + ".";
    }
}
