package dev.tokenguard.core.killswitch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

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
    private final KillSwitch killSwitch = new KillSwitch(TestCarriers.fedex().build(), clock, () -> 0L,
            new EventLog("fedex", log, clock));
    private final List<String> shared = new ArrayList<>();

    KillSwitchObserverTest() {
        killSwitch.observe(new KillSwitch.Observer() {
            @Override
            public void tripped(String reason, boolean manual, long nanos) {
                shared.add("trip " + reason + (manual ? " by hand" : " for " + Duration.ofNanos(nanos).toSeconds() + " s"));
            }

            @Override
            public void reset(String reason) {
                shared.add("reset " + reason);
            }
        });
    }

    @Test
    void tripsAndResetsMadeHereAreShared() {
        killSwitch.tripByHand("ops");
        killSwitch.reset();
        killSwitch.trip("ban detected", Duration.ofMinutes(10).toNanos());

        assertEquals(List.of("trip ops by hand", "reset reset by hand", "trip ban detected for 600 s"), shared);
    }

    @Test
    void aTripThatChangesNothingIsNotShared() {
        killSwitch.trip("long", Duration.ofMinutes(10).toNanos());
        killSwitch.trip("short", Duration.ofMinutes(1).toNanos());

        assertEquals(List.of("trip long for 600 s"), shared);
    }

    @Test
    void whatIsAppliedFromTheClusterIsNotSharedAgain() {
        assertTrue(killSwitch.applyTrip("ops", true, 0));
        killSwitch.applyReset("reset by hand");
        assertTrue(killSwitch.applyTrip("ban detected", false, Duration.ofMinutes(10).toNanos()));

        assertEquals(List.of(), shared);
        assertTrue(log.allText().contains("from another instance of the cluster"), log.allText());
    }

    @Test
    void theSameTripByHandAppliedTwiceChangesNothing() {
        killSwitch.applyTrip("ops", true, 0);
        assertFalse(killSwitch.applyTrip("ops", true, 0));
    }

    @Test
    void aProbesGoodAnswerIsSharedAsAReset() {
        killSwitch.trip("ban detected", Duration.ofSeconds(1).toNanos());
        clock.advance(Duration.ofSeconds(2));
        Admission probe = killSwitch.admit();

        killSwitch.onResponse(probe, 200, null, false);

        assertEquals("reset the probe was answered 200", shared.get(shared.size() - 1));
    }
}
