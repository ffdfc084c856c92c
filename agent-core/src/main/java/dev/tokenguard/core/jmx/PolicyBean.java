package dev.tokenguard.core.jmx;

import dev.tokenguard.core.policy.PolicyAdmin;
import dev.tokenguard.core.policy.PolicyControl;
import dev.tokenguard.core.policy.PolicyStats;
import dev.tokenguard.core.time.TimeSource;
import java.time.Instant;
import javax.management.NotCompliantMBeanException;

/**
 * {@link PolicyMBean} over the policy of one name. It looks the policy up in the admin at every read,
 * so that the bean registered once keeps showing the policy of that name across reloads, whichever
 * object the reload put in force for it.
 */
final class PolicyBean extends DescribedBean implements PolicyMBean {

    private final String name;
    private final PolicyAdmin admin;
    private final TimeSource time;

    PolicyBean(String name, PolicyAdmin admin, TimeSource time) throws NotCompliantMBeanException {
        super(PolicyMBean.class);
        this.name = name;
        this.admin = admin;
        this.time = time;
    }

    @Override
    public String getCarrier() {
        return policy().carrier();
    }

    @Override
    public String getDescription() {
        return policy().describe();
    }

    @Override
    public String getMode() {
        return policy().mode();
    }

    @Override
    public boolean isEnabled() {
        return policy().enabled();
    }

    @Override
    public void setEnabled(boolean enabled) {
        policy().setEnabled(enabled);
    }

    @Override
    public long getMatched() {
        return stats().matched();
    }

    @Override
    public long getAdmitted() {
        return stats().admitted();
    }

    @Override
    public long getWaited() {
        return stats().waited();
    }

    @Override
    public long getRefused() {
        return stats().refused();
    }

    @Override
    public long getShadowRefused() {
        return stats().shadowRefused();
    }

    @Override
    public long getBytes() {
        return stats().bytes();
    }

    @Override
    public int getInFlight() {
        return stats().inFlight();
    }

    /** A pause already over reads as none, whether or not the engine has cleared it yet. */
    @Override
    public String getPausedUntil() {
        long until = stats().pausedUntilEpochMillis();
        return until <= time.currentTimeMillis() ? "" : Instant.ofEpochMilli(until).toString();
    }

    @Override
    public void enable() {
        policy().setEnabled(true);
    }

    @Override
    public void disable() {
        policy().setEnabled(false);
    }

    private PolicyStats stats() {
        return policy().stats();
    }

    private PolicyControl policy() {
        for (PolicyControl policy : admin.policies()) {
            if (policy.name().equals(name)) {
                return policy;
            }
        }
        throw new IllegalStateException("the policy " + name + " is no longer in force (a reload removed it)");
    }

    @Override
    String instance() {
        return " Policy: " + name + ".";
    }
}
