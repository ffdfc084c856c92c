package dev.tokenguard.core.killswitch;

import static dev.tokenguard.core.testing.Requests.accessToken;
import dev.tokenguard.core.http.RequestGuard;
import static dev.tokenguard.core.testing.Requests.answer;
import static dev.tokenguard.core.testing.Requests.fedexApi;
import static dev.tokenguard.core.testing.Requests.fedexToken;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tokenguard.core.http.Decision;
import dev.tokenguard.core.http.HttpHeaders;
import dev.tokenguard.core.http.SyntheticResponse;
import dev.tokenguard.core.testing.FakeCarrier;
import dev.tokenguard.core.testing.Harness;
import dev.tokenguard.core.testing.TestCarriers;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.random.RandomGenerator;
import org.junit.jupiter.api.Test;
import org.slf4j.event.Level;

/** Rule 6: per carrier OFF, TRIPPED or PROBING; while tripped nothing for the carrier leaves. */
class KillSwitchTest {
    private static final String BANNED = "{\"errors\":[{\"code\":\"FORBIDDEN.ERROR\"}]}";

    /** Jitter at its largest: a tenth of the trip, less a nanosecond. */
    private static final RandomGenerator MAX_JITTER = new RandomGenerator() {
        @Override
        public long nextLong() {
            throw new UnsupportedOperationException();
        }

        @Override
        public long nextLong(long bound) {
            return bound - 1;
        }
    };

    private static Harness harness() {
        return new Harness(FakeCarrier.Shape.FEDEX, 3600, () -> 0L, TestCarriers.fedex().credentials("id", "secret").build());
    }

    /**
     * Banned at 0 s by a token call for another tenant, while the configured credential's token
     * (issued by the first call) stays good: API requests are what may probe.
     */
    private static Harness banned(RandomGenerator jitter) {
        Harness h = new Harness(FakeCarrier.Shape.FEDEX, 3600, jitter,
                TestCarriers.fedex().unlimited().credentials("id", "secret").build());
        h.decide(fedexApi(null));
        h.carrier.thenStatus(403, BANNED);
        h.decide(fedexToken("other-tenant", "secret"));
        return h;
    }

    private static String reason(Decision d) {
        SyntheticResponse r = answer(d);
        assertEquals(503, r.status());
        return r.headers().first("X-Tokenguard");
    }

    @Test
    void theBanStatusFromTheTokenEndpointTripsTheSwitch() {
        try (Harness h = harness()) {
            h.carrier.thenStatus(403, BANNED);
            SyntheticResponse passed = answer(h.decide(fedexToken("id", "secret")));
            assertEquals(403, passed.status(), "the carrier's own answer");
            assertEquals("no-store", passed.headers().first("Cache-Control"));

            KillSwitchState.Tripped state = assertInstanceOf(KillSwitchState.Tripped.class, h.control("fedex").killSwitchState());
            assertEquals("ban detected: token endpoint answered 403", state.reason());
            assertEquals(1, h.control("fedex").stats().bansDetected());
            assertTrue(h.log.messages(Level.WARN).contains("fedex: kill-switch OFF -> TRIPPED: ban detected: token endpoint answered 403; probing in 600 s"));
        }
    }

    @Test
    void whileTrippedNothingForTheCarrierLeavesTheJvm() {
        try (Harness h = banned(() -> 0L)) {
            h.clock.advance(Duration.ofMinutes(10).minusMillis(1));
            assertEquals("kill-switch of fedex tripped: ban detected: token endpoint answered 403", reason(h.decide(fedexApi(null))));
            assertEquals("kill-switch of fedex tripped: ban detected: token endpoint answered 403",
                    reason(h.decide(fedexToken("other-tenant", "secret"))));
            assertEquals("1", answer(h.decide(fedexApi("x"))).headers().first("Retry-After"));
            assertEquals(2, h.carrier.calls(), "no probe during the ban: FedEx extends bans on calls");
        }
    }

    @Test
    void aCachedTokenIsStillAnsweredWhileTrippedSinceNothingLeaves() {
        try (Harness h = harness()) {
            String token = accessToken(h.decide(fedexToken("id", "secret")));
            h.control("fedex").tripKillSwitch("maintenance");
            assertEquals(token, accessToken(h.decide(fedexToken("id", "secret"))));
            assertEquals("kill-switch of fedex tripped: maintenance", reason(h.decide(fedexApi(token))));
        }
    }

    @Test
    void afterTheBanAndItsJitterExactlyOneProbeGoesAndTheRestWaitForIt() {
        try (Harness h = banned(MAX_JITTER)) {
            Duration probeAt = Duration.ofMinutes(11).minusNanos(1);
            h.clock.setElapsed(probeAt.minusMillis(1));
            assertTrue(reason(h.decide(fedexApi(null))).startsWith("kill-switch of fedex tripped"), "still in the jitter");

            h.clock.setElapsed(probeAt);
            Decision.Proceed probe = assertInstanceOf(Decision.Proceed.class, h.decide(fedexApi(null)));
            assertEquals("kill-switch of fedex is waiting for its probe after ban detected: token endpoint answered 403",
                    reason(h.decide(fedexApi(null))));
            assertInstanceOf(KillSwitchState.Probing.class, h.control("fedex").killSwitchState());

            h.guard.onResponse(probe.exchange(), 200, HttpHeaders.EMPTY, RequestGuard.Replays.AFTER_RENEWAL);
            assertEquals(KillSwitchState.OFF, h.control("fedex").killSwitchState());
            assertInstanceOf(Decision.Proceed.class, h.decide(fedexApi(null)));
        }
    }

    @Test
    void aProbeAnsweredWithTheBanStatusTripsAgain() {
        try (Harness h = banned(() -> 0L)) {
            h.clock.setElapsed(Duration.ofMinutes(10));
            Decision.Proceed probe = assertInstanceOf(Decision.Proceed.class, h.decide(fedexApi(null)));
            h.guard.onResponse(probe.exchange(), 403, HttpHeaders.EMPTY, RequestGuard.Replays.AFTER_RENEWAL);

            assertEquals("kill-switch of fedex tripped: ban detected: probe answered 403", reason(h.decide(fedexApi(null))));
            h.clock.setElapsed(Duration.ofMinutes(20).minusMillis(1));
            assertEquals(503, answer(h.decide(fedexApi(null))).status());
            h.clock.setElapsed(Duration.ofMinutes(20));
            assertInstanceOf(Decision.Proceed.class, h.decide(fedexApi(null)));
            assertEquals(2, h.control("fedex").stats().bansDetected());
        }
    }

    @Test
    void theProbeMayBeATokenCall() {
        try (Harness h = banned(() -> 0L)) {
            h.clock.setElapsed(Duration.ofMinutes(10));
            assertEquals(h.carrier.token(2), accessToken(h.decide(fedexToken("other-tenant", "secret"))));
            assertEquals(KillSwitchState.OFF, h.control("fedex").killSwitchState());
        }
    }

    @Test
    void a429FromTheTokenEndpointTripsForItsRetryAfterInSeconds() {
        try (Harness h = harness()) {
            h.carrier.thenStatus(429, "{}", "Retry-After", "120");
            h.decide(fedexApi(null));
            h.clock.setElapsed(Duration.ofSeconds(120).minusMillis(1));
            assertEquals("kill-switch of fedex tripped: token endpoint answered 429", reason(h.decide(fedexApi(null))));
            h.clock.setElapsed(Duration.ofSeconds(120));
            assertInstanceOf(Decision.Proceed.class, h.decide(fedexApi(null)));
        }
    }

    @Test
    void a429RetryAfterMayBeAnHttpDate() {
        try (Harness h = harness()) {
            String in30s = DateTimeFormatter.RFC_1123_DATE_TIME.format(
                    Instant.ofEpochMilli(h.clock.currentTimeMillis()).plusSeconds(30).atOffset(ZoneOffset.UTC));
            h.carrier.thenStatus(429, "{}", "Retry-After", in30s);
            h.decide(fedexApi(null));
            assertEquals("30", answer(h.decide(fedexApi(null))).headers().first("Retry-After"));
        }
    }

    @Test
    void a429WithoutRetryAfterTripsForTheDefault() {
        try (Harness h = harness()) {
            h.carrier.thenStatus(429, "{\"response\":{\"errors\":[{\"code\":\"10429\"}]}}");
            h.decide(fedexApi(null));
            assertEquals("60", answer(h.decide(fedexApi(null))).headers().first("Retry-After"));
        }
    }

    @Test
    void aTripByHandLastsUntilResetAndThenTrafficFlowsWithoutAProbe() {
        try (Harness h = harness()) {
            h.control("fedex").tripKillSwitch("carrier outage");
            h.clock.advance(Duration.ofDays(2));
            assertEquals("kill-switch of fedex tripped: carrier outage", reason(h.decide(fedexApi(null))));
            assertEquals(0, h.carrier.calls());

            h.control("fedex").resetKillSwitch();
            assertInstanceOf(Decision.Proceed.class, h.decide(fedexApi(null)));
            assertInstanceOf(Decision.Proceed.class, h.decide(fedexApi(null)));
            assertEquals(2, h.control("fedex").stats().killSwitchChanges());
        }
    }

    @Test
    void theSwitchCanBeOnFromTheStart() {
        try (Harness h = new Harness(3600, TestCarriers.fedex().killSwitchOnAtStart().build())) {
            assertEquals("kill-switch of fedex tripped: tripped at start by configuration", reason(h.decide(fedexApi(null))));
        }
    }

    @Test
    void aProbeThatFailsWithoutAnAnswerIsFollowedByAnotherASecondLater() {
        try (Harness h = banned(() -> 0L)) {
            h.clock.setElapsed(Duration.ofMinutes(10));
            Decision.Proceed probe = assertInstanceOf(Decision.Proceed.class, h.decide(fedexApi(null)));
            h.guard.onFailure(probe.exchange(), new java.net.ConnectException());
            assertEquals(503, answer(h.decide(fedexApi(null))).status());
            h.clock.advance(Duration.ofSeconds(1));
            assertInstanceOf(Decision.Proceed.class, h.decide(fedexApi(null)));
        }
    }

    @Test
    void aProbeNeverAnsweredStopsBlockingAfter30Seconds() {
        try (Harness h = banned(() -> 0L)) {
            h.clock.setElapsed(Duration.ofMinutes(10));
            assertInstanceOf(Decision.Proceed.class, h.decide(fedexApi(null)));
            h.clock.advance(Duration.ofSeconds(30).minusMillis(1));
            assertEquals(503, answer(h.decide(fedexApi(null))).status());
            h.clock.advance(Duration.ofMillis(1));
            assertInstanceOf(Decision.Proceed.class, h.decide(fedexApi(null)), "a new probe");
        }
    }

    @Test
    void anApiForbiddenOutsideAProbeDoesNotTrip() {
        try (Harness h = harness()) {
            Decision.Proceed p = assertInstanceOf(Decision.Proceed.class, h.decide(fedexApi(null)));
            h.guard.onResponse(p.exchange(), 403, HttpHeaders.EMPTY, RequestGuard.Replays.AFTER_RENEWAL);
            h.guard.onResponse(p.exchange(), 429, HttpHeaders.EMPTY, RequestGuard.Replays.AFTER_RENEWAL);
            assertEquals(KillSwitchState.OFF, h.control("fedex").killSwitchState());
        }
    }

    @Test
    void aLongerTripIsNotShortenedByALaterShorterOne() {
        try (Harness h = banned(() -> 0L)) {
            KillSwitch ks = new KillSwitch(TestCarriers.fedex().build(), h.clock, () -> 0L,
                    new dev.tokenguard.core.events.EventLog("fedex", h.log, h.clock));
            ks.trip("ban", Duration.ofMinutes(10).toNanos());
            ks.trip("429", Duration.ofSeconds(5).toNanos());
            assertEquals("ban", ((KillSwitchState.Tripped) ks.state()).reason());
        }
    }
}
