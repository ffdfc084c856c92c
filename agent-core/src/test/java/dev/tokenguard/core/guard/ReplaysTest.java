package dev.tokenguard.core.guard;

import static dev.tokenguard.core.testing.Requests.fedexApi;
import static dev.tokenguard.core.testing.Requests.fedexToken;
import static dev.tokenguard.core.testing.Requests.setAuthorization;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;

import dev.tokenguard.core.http.AfterResponse;
import dev.tokenguard.core.http.Decision;
import dev.tokenguard.core.http.HttpHeaders;
import dev.tokenguard.core.http.RequestGuard.Replays;
import dev.tokenguard.core.killswitch.KillSwitchState;
import dev.tokenguard.core.testing.FakeCarrier;
import dev.tokenguard.core.testing.Harness;
import dev.tokenguard.core.testing.TestCarriers;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** What a 401 for a token the agent attached answers, by what the adapter said it can do with a replay. */
class ReplaysTest {

    private static Decision.Proceed proceed(Decision d) {
        return assertInstanceOf(Decision.Proceed.class, d);
    }

    @Test
    void aCallerThatMustNotBlockGetsNoReplayWhileTheRenewalRunsInTheBackground() {
        try (Harness h = new Harness(3600, TestCarriers.fedex().credentials("id", "secret").build())) {
            Decision.Proceed p = proceed(h.decide(fedexApi(null)));
            h.clock.advance(Duration.ofMinutes(5));

            assertSame(AfterResponse.DONE, h.guard.onResponse(p.exchange(), 401, HttpHeaders.EMPTY, Replays.WITHOUT_WAITING));
            assertEquals(1, h.control("fedex").stats().invalidations());
            assertEquals(1, h.carrier.calls(), "no token call on the caller's thread");

            assertEquals(1, h.executor.runAll());
            assertEquals("Bearer " + h.carrier.token(2), setAuthorization(h.decide(fedexApi(null))),
                    "the application's retry meets the renewed token");
            assertEquals(2, h.carrier.calls());
        }
    }

    @Test
    void aCallerThatMustNotBlockIsReplayedWithANewerTokenAlreadyCurrent() {
        try (Harness h = new Harness(3600, TestCarriers.fedex().credentials("id", "secret").build())) {
            Decision.Proceed old = proceed(h.decide(fedexApi(null)));
            h.clock.setElapsed(Duration.ofMinutes(56));
            h.decide(fedexApi(null));
            h.executor.runAll(); // generation 2 is current now

            AfterResponse.Replay replay = assertInstanceOf(AfterResponse.Replay.class,
                    h.guard.onResponse(old.exchange(), 401, HttpHeaders.EMPTY, Replays.WITHOUT_WAITING));
            assertEquals("Bearer " + h.carrier.token(2), replay.setHeaders().first("Authorization"));
            assertEquals(2, h.carrier.calls());
        }
    }

    @Test
    void aCallerThatCannotReplayLeavesTheKillSwitchProbeToTheNextRequest() {
        try (Harness h = new Harness(FakeCarrier.Shape.FEDEX, 3600, () -> 0L,
                TestCarriers.fedex().unlimited().credentials("id", "secret").build())) {
            Decision.Proceed old = proceed(h.decide(fedexApi(null)));
            h.clock.setElapsed(Duration.ofMinutes(56));
            h.decide(fedexApi(null));
            h.executor.runAll(); // generation 2 is current, so a replay would need no token call
            h.carrier.thenStatus(403, "{\"errors\":[{\"code\":\"FORBIDDEN.ERROR\"}]}");
            h.decide(fedexToken("other-tenant", "secret")); // banned
            h.clock.setElapsed(Duration.ofMinutes(66)); // the probe is due

            assertSame(AfterResponse.DONE, h.guard.onResponse(old.exchange(), 401, HttpHeaders.EMPTY, Replays.NEVER));
            assertInstanceOf(KillSwitchState.Tripped.class, h.control("fedex").killSwitchState(),
                    "the probe was not handed to a replay that is never sent");
            proceed(h.decide(fedexApi(null)));
            assertInstanceOf(KillSwitchState.Probing.class, h.control("fedex").killSwitchState());
        }
    }
}
