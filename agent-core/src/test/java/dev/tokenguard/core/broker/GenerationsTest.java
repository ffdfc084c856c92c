package dev.tokenguard.core.broker;

import static dev.tokenguard.core.testing.Requests.accessToken;
import dev.tokenguard.core.http.RequestGuard;
import static dev.tokenguard.core.testing.Requests.fedexApi;
import static dev.tokenguard.core.testing.Requests.fedexToken;
import static dev.tokenguard.core.testing.Requests.setAuthorization;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

import dev.tokenguard.core.events.CarrierStats;
import dev.tokenguard.core.http.AfterResponse;
import dev.tokenguard.core.http.Decision;
import dev.tokenguard.core.http.HttpHeaders;
import dev.tokenguard.core.testing.Harness;
import dev.tokenguard.core.testing.TestCarriers;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Rule 3: a 401 drops a token only while it is current; a superseded token never leaves. */
class GenerationsTest {

    private static Decision.Proceed proceed(Decision d) {
        return assertInstanceOf(Decision.Proceed.class, d);
    }

    @Test
    void a401ForTheCurrentTokenDropsItAndTheNextRequestRenews() {
        try (Harness h = new Harness(3600, TestCarriers.fedex().credentials("id", "secret").build())) {
            Decision.Proceed first = proceed(h.decide(fedexApi(null)));
            assertEquals("Bearer " + h.carrier.token(1), first.setHeaders().first("Authorization"));
            h.clock.advance(Duration.ofMinutes(10));

            h.guard.onResponse(first.exchange(), 401, HttpHeaders.EMPTY, RequestGuard.Replays.AFTER_RENEWAL);
            assertEquals(1, h.control("fedex").stats().invalidations());

            assertEquals("Bearer " + h.carrier.token(2), setAuthorization(h.decide(fedexApi(null))));
            assertEquals(2, h.carrier.calls());
        }
    }

    @Test
    void a401ForAnOlderGenerationChangesNothing() {
        try (Harness h = new Harness(3600, TestCarriers.fedex().credentials("id", "secret").build())) {
            Decision.Proceed old = proceed(h.decide(fedexApi(null)));
            h.clock.setElapsed(Duration.ofMinutes(56));
            h.decide(fedexApi(null));
            h.executor.runAll(); // generation 2 is current now
            assertEquals(2, h.carrier.calls());

            AfterResponse after = h.guard.onResponse(old.exchange(), 401, HttpHeaders.EMPTY, RequestGuard.Replays.AFTER_RENEWAL);
            CarrierStats stats = h.control("fedex").stats();
            assertEquals(0, stats.invalidations());
            assertEquals(1, stats.unauthorized());
            AfterResponse.Replay replay = assertInstanceOf(AfterResponse.Replay.class, after);
            assertEquals("Bearer " + h.carrier.token(2), replay.setHeaders().first("Authorization"),
                    "the caller gets the current token");
            assertEquals(2, h.carrier.calls());
            assertEquals("Bearer " + h.carrier.token(2), setAuthorization(h.decide(fedexApi(null))));
        }
    }

    @Test
    void aSupersededBearerIsReplacedByTheCurrentTokenBeforeTheRequestLeaves() {
        try (Harness h = new Harness(3600, TestCarriers.fedex().build())) {
            String old = accessToken(h.decide(fedexToken("id", "secret")));
            h.clock.setElapsed(Duration.ofMinutes(61));
            String current = accessToken(h.decide(fedexToken("id", "secret")));

            assertEquals("Bearer " + current, setAuthorization(h.decide(fedexApi(old))));
            assertEquals(1, h.control("fedex").stats().upgraded());
            assertNull(setAuthorization(h.decide(fedexApi(current))), "the current token goes as it is");
        }
    }

    @Test
    void aBearerTheBrokerNeverIssuedGoesUntouched() {
        try (Harness h = new Harness(3600, TestCarriers.fedex().build())) {
            h.decide(fedexToken("id", "secret"));
            Decision.Proceed p = proceed(h.decide(fedexApi("someone-elses-token")));
            assertSame(HttpHeaders.EMPTY, p.setHeaders());
            assertEquals(1, h.carrier.calls());
        }
    }

    @Test
    void aTokenTheAgentAttachedIsReplayedOnceWithTheNewToken() {
        try (Harness h = new Harness(3600, TestCarriers.fedex().credentials("id", "secret").build())) {
            Decision.Proceed p = proceed(h.decide(fedexApi(null)));
            h.clock.advance(Duration.ofMinutes(5));

            AfterResponse.Replay replay = assertInstanceOf(AfterResponse.Replay.class,
                    h.guard.onResponse(p.exchange(), 401, HttpHeaders.EMPTY, RequestGuard.Replays.AFTER_RENEWAL));
            assertEquals("Bearer " + h.carrier.token(2), replay.setHeaders().first("Authorization"));
            assertEquals(1, h.control("fedex").stats().replayed());

            h.clock.advance(Duration.ofMinutes(5));
            assertSame(AfterResponse.DONE, h.guard.onResponse(replay.exchange(), 401, HttpHeaders.EMPTY, RequestGuard.Replays.AFTER_RENEWAL),
                    "a replay is not replayed again");
        }
    }

    @Test
    void aTokenTheApplicationAttachedIsDroppedButNotReplayed() {
        try (Harness h = new Harness(3600, TestCarriers.fedex().build())) {
            String token = accessToken(h.decide(fedexToken("id", "secret")));
            Decision.Proceed p = proceed(h.decide(fedexApi(token)));
            h.clock.advance(Duration.ofMinutes(5));

            assertSame(AfterResponse.DONE, h.guard.onResponse(p.exchange(), 401, HttpHeaders.EMPTY, RequestGuard.Replays.AFTER_RENEWAL));
            assertEquals(1, h.control("fedex").stats().invalidations());
            assertEquals(h.carrier.token(2), accessToken(h.decide(fedexToken("id", "secret"))),
                    "the application's own retry meets a good token");
        }
    }

    @Test
    void aDroppedTokenPresentedAgainLeavesWithTheRenewedOne() {
        try (Harness h = new Harness(3600, TestCarriers.fedex().build())) {
            String token = accessToken(h.decide(fedexToken("id", "secret")));
            Decision.Proceed p = proceed(h.decide(fedexApi(token)));
            h.clock.advance(Duration.ofMinutes(5));
            h.guard.onResponse(p.exchange(), 401, HttpHeaders.EMPTY, RequestGuard.Replays.AFTER_RENEWAL);

            assertEquals("Bearer " + h.carrier.token(2), setAuthorization(h.decide(fedexApi(token))));
            assertEquals(2, h.carrier.calls());
        }
    }

    @Test
    void a401ForATokenAlreadyDroppedMakesNoSecondRenewal() {
        try (Harness h = new Harness(3600, TestCarriers.fedex().build())) {
            String token = accessToken(h.decide(fedexToken("id", "secret")));
            Decision.Proceed p = proceed(h.decide(fedexApi(token)));
            h.clock.advance(Duration.ofMinutes(5));
            h.guard.onResponse(p.exchange(), 401, HttpHeaders.EMPTY, RequestGuard.Replays.AFTER_RENEWAL);
            h.decide(fedexToken("id", "secret"));
            h.guard.onResponse(p.exchange(), 401, HttpHeaders.EMPTY, RequestGuard.Replays.AFTER_RENEWAL);
            h.decide(fedexToken("id", "secret"));

            assertEquals(1, h.control("fedex").stats().invalidations());
            assertEquals(2, h.carrier.calls());
        }
    }
}
