package dev.tokenguard.core.jmx;

import static dev.tokenguard.core.jmx.CarrierObjectNames.DOMAIN;

import javax.management.ObjectName;

/**
 * The names of the run-time control beans (policies, blocks, the configuration), shared by the agent
 * that registers them and the command line that finds them.
 */
public final class ControlObjectNames {
    /** Matches every policy bean: {@code tokenguard:type=Policy,*}. */
    public static final ObjectName POLICY_PATTERN = CarrierObjectNames.parse(DOMAIN + ":type=Policy,*");
    public static final ObjectName BLOCKS = CarrierObjectNames.parse(DOMAIN + ":type=Blocks");
    public static final ObjectName CONFIG = CarrierObjectNames.parse(DOMAIN + ":type=Config");

    private ControlObjectNames() {}

    /** {@code tokenguard:type=Policy,name=<name>}. */
    public static ObjectName policy(String name) {
        return CarrierObjectNames.named("Policy", name);
    }

    /** The policy name a bean's name carries. */
    public static String policyName(ObjectName name) {
        return CarrierObjectNames.nameProperty(name);
    }
}
