package dev.tokenguard.it.cluster;

import dev.tokenguard.demo.carrier.Carrier;
import dev.tokenguard.demo.carrier.CarrierSimulator;
import dev.tokenguard.demo.carrier.CarrierStats;

/** What the cluster scenarios read back: the FedEx simulator's figures, and how often a line is in a log. */
final class FleetChecks {

    private FleetChecks() {}

    static CarrierStats fedex(CarrierSimulator sim) {
        return sim.stats().of(Carrier.FEDEX);
    }

    /** The simulator's figures as text, for a failed assertion's message. */
    static String stats(CarrierSimulator sim) {
        return fedex(sim).toString();
    }

    static int occurrences(String text, String part) {
        int count = 0;
        for (int at = text.indexOf(part); at >= 0; at = text.indexOf(part, at + 1)) {
            count++;
        }
        return count;
    }
}
