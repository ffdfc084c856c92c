package dev.tokenguard.core.killswitch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tokenguard.core.config.CarrierConfig;
import dev.tokenguard.core.events.EventLog;
import dev.tokenguard.core.testing.CapturingLogger;
import dev.tokenguard.core.testing.ManualClock;
import dev.tokenguard.core.testing.TestCarriers;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.slf4j.event.Level;

/** What cluster mode shares of a kill-switch: the changes this instance makes, never those it applies. */
class KillSwitchObserverTest {
    private final ManualClock clock = new ManualClock();
    private final CapturingLogger log = new CapturingLogger(Level.DEBUG);
    private final List<String> shared = new ArrayList<>();
    private final List<String> trips = new ArrayList<>();
    private final KillSwitch.Observer observer = new KillSwitch.Observer() {
        @Override
        public void tripped(String trip, String reason, boolean manual, long nanos) {
            trips.add(trip);
            shared.add("trip " + reason + (manual ? " by hand" : " for " + Duration.ofNanos(nanos).toSeconds() + " s"));
        }

        @Override
        public void reset(String trip, String reason) {
            trips.add(trip);
            shared.add("reset " + reason);
        }
    };
    private final KillSwitch killSwitch = killSwitch(TestCarriers.fedex().build());

    private KillSwitch killSwitch(CarrierConfig carrier) {
        return new KillSwitch(carrier, clock, () -> 0L, new EventLog("fedex", log, clock), observer);
    }

    @Test
    void tripsAndResetsMadeHereAreShared() {
        killSwitch.tripByHand("ops");
        killSwitch.reset();
        killSwitch.trip("ban detected", Duration.ofMinutes(10).toNanos());

        assertEquals(List.of("trip ops by hand", "reset reset by hand", "trip ban detected for 600 s"), shared);
    }

    @Test
    void aTripAtStartByConfigurationIsNotShared() {
        KillSwitch trippedAtStart = killSwitch(TestCarriers.fedex().killSwitchOnAtStart().build());

        assertInstanceOf(KillSwitchState.Tripped.class, trippedAtStart.state());
        assertEquals(List.of(), shared);
    }

    @Test
    void aTripThatChangesNothingIsNotShared() {
        killSwitch.trip("long", Duration.ofMinutes(10).toNanos());
        killSwitch.trip("short", Duration.ofMinutes(1).toNanos());

        assertEquals(List.of("trip long for 600 s"), shared);
    }

    @Test
    void whatIsAppliedFromTheClusterIsNotSharedAgain() {
        assertTrue(killSwitch.applyTrip("t1", "ops", true, 0));
        killSwitch.applyReset(null, "reset by hand");
        assertTrue(killSwitch.applyTrip("t2", "ban detected", false, Duration.ofMinutes(10).toNanos()));

        assertEquals(List.of(), shared);
        assertTrue(log.allText().contains("from another instance of the cluster"), log.allText());
    }

    @Test
    void theSameTripByHandAppliedTwiceChangesNothing() {
        killSwitch.applyTrip("t1", "ops", true, 0);
        assertFalse(killSwitch.applyTrip("t1", "ops", true, 0));
    }

    @Test
    void aProbesGoodAnswerIsSharedAsAReset() {
        killSwitch.trip("ban detected", Duration.ofSeconds(1).toNanos());
        clock.advance(Duration.ofSeconds(2));
        Admission probe = killSwitch.admit();

        killSwitch.onResponse(probe, 200, null, false);

        assertEquals("reset the probe was answered 200", shared.get(shared.size() - 1));
    }

    @Test
    void aProbesGoodAnswerNamesTheTripItEnds() {
        killSwitch.trip("ban detected", Duration.ofSeconds(1).toNanos());
        clock.advance(Duration.ofSeconds(2));

        killSwitch.onResponse(killSwitch.admit(), 200, null, false);

        assertEquals(List.of(trips.get(0), trips.get(0)), trips);
    }

    @Test
    void aResetByHandNamesNoTrip() {
        killSwitch.trip("ban detected", Duration.ofMinutes(10).toNanos());

        killSwitch.reset();

        assertEquals(null, trips.get(1));
    }

    @Test
    void aResetFromTheClusterEndsTheTripItNames() {
        killSwitch.applyTrip("t1", "token endpoint answered 429", false, Duration.ofSeconds(1).toNanos());

        assertTrue(killSwitch.applyReset("t1", "the probe was answered 200"));
        assertEquals(KillSwitchState.OFF, killSwitch.state());
    }

    @Test
    void aResetFromTheClusterOfAnOlderTripLeavesANewerBanInPlace() {
        killSwitch.applyTrip("older", "token endpoint answered 429", false, Duration.ofSeconds(1).toNanos());
        clock.advance(Duration.ofSeconds(2));
        killSwitch.onResponse(Admission.ADMITTED, 403, null, true);

        assertFalse(killSwitch.applyReset("older", "the probe was answered 200"));

        KillSwitchState.Tripped ban = assertInstanceOf(KillSwitchState.Tripped.class, killSwitch.state());
        assertEquals("ban detected: token endpoint answered 403", ban.reason());
        assertInstanceOf(Admission.Refused.class, killSwitch.admit());
    }

    @Test
    void aResetFromTheClusterOfAnOlderTripLeavesTheProbeForANewerOne() {
        killSwitch.applyTrip("older", "token endpoint answered 429", false, Duration.ofSeconds(1).toNanos());
        killSwitch.applyTrip("newer", "token endpoint answered 429", false, Duration.ofSeconds(5).toNanos());
        clock.advance(Duration.ofSeconds(6));
        Admission probe = killSwitch.admit();

        killSwitch.applyReset("older", "the probe was answered 200");

        assertEquals(new Admission.Probe((KillSwitchState.Probing) killSwitch.state()), probe);
    }

    @Test
    void aResetByHandFromTheClusterEndsWhateverIsTripped() {
        killSwitch.trip("ban detected", Duration.ofMinutes(10).toNanos());

        assertTrue(killSwitch.applyReset(null, "reset by hand"));
        assertEquals(KillSwitchState.OFF, killSwitch.state());
    }
}
