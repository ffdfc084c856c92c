package dev.tokenguard.core.jmx;

/**
 * One throttling policy in force, named {@code tokenguard:type=Policy,name=<name>}. Counters are plain
 * {@code long}s since the agent started, carried over a reload that keeps the policy's name.
 */
@Description("One throttling policy of carrier API calls: what it applies to, whether it is on, and its counters"
        + " since the agent started (kept across a reload that keeps its name).")
public interface PolicyMBean {

    @Description("The carrier id the policy applies to, or * for every carrier.")
    String getCarrier();

    @Description("The policy as the properties file would say it: conditions, per, limits, max-wait, mode and action.")
    String getDescription();

    @Description("enforce (refuses over its limits), shadow (counts what it would refuse, refuses nothing) or block"
            + " (refuses every call it matches).")
    String getMode();

    @Description("Whether the policy counts and refuses. Write false to switch it off (its counters stay), true to"
            + " switch it on again.")
    boolean isEnabled();

    void setEnabled(boolean enabled);

    @Description("Calls the policy applied to.")
    long getMatched();

    @Description("Of those, calls let through, at once or after waiting.")
    long getAdmitted();

    @Description("Of those admitted, calls that queued for room first.")
    long getWaited();

    @Description("Calls refused locally: over a limit after max-wait, blocked, or paused by the carrier's 429.")
    long getRefused();

    @Description("In shadow mode: calls the policy would have refused, which went ahead.")
    long getShadowRefused();

    @Description("Request and response bytes counted.")
    long getBytes();

    @Description("Calls under the policy now on their way (this JVM).")
    int getInFlight();

    @Description("Until when the carrier's 429 paused the policy (ISO-8601, UTC); empty when not paused.")
    String getPausedUntil();

    @Description("Switches the policy on: it counts and refuses again from the next call.")
    void enable();

    @Description("Switches the policy off: from the next call it neither counts nor refuses; its counters stay.")
    void disable();
}
