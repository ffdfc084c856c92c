package dev.tokenguard.core.broker;

import static dev.tokenguard.core.testing.Requests.accessToken;
import static dev.tokenguard.core.testing.Requests.fedexToken;
import static dev.tokenguard.core.testing.Requests.json;
import static dev.tokenguard.core.testing.Requests.fedexApi;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tokenguard.core.http.Decision;
import dev.tokenguard.core.http.HttpHeaders;
import dev.tokenguard.core.http.RequestGuard;
import dev.tokenguard.core.testing.Harness;
import dev.tokenguard.core.testing.TestCarriers;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Rule 1: a token is FRESH, then STALE within the refresh-ahead window, then EXPIRED. */
class TokenLifetimeTest {

    @Test
    void aThreeSecondTokenTurnsStaleAt2700msToTheMillisecond() {
        try (Harness h = new Harness(3, TestCarriers.fedex().unlimited().build())) {
            String first = accessToken(h.decide(fedexToken("id", "secret")));

            h.clock.setElapsed(Duration.ofMillis(2699));
            assertEquals(first, accessToken(h.decide(fedexToken("id", "secret"))));
            assertEquals(0, h.executor.pending(), "FRESH: no renewal");

            h.clock.setElapsed(Duration.ofMillis(2700));
            assertEquals(first, accessToken(h.decide(fedexToken("id", "secret"))), "STALE is still served");
            assertEquals(1, h.executor.pending(), "STALE: one renewal in the background");
        }
    }

    @Test
    void aStaleTokenIsServedWhileItsOneRenewalRuns() {
        try (Harness h = new Harness(3, TestCarriers.fedex().unlimited().build())) {
            String first = accessToken(h.decide(fedexToken("id", "secret")));
            h.clock.setElapsed(Duration.ofMillis(2800));
            for (int i = 0; i < 50; i++) {
                assertEquals(first, accessToken(h.decide(fedexToken("id", "secret"))));
            }
            assertEquals(1, h.executor.pending(), "one renewal, however many callers");
            assertEquals(1, h.carrier.calls());

            h.executor.runAll();
            assertEquals(2, h.carrier.calls());
            assertEquals(h.carrier.token(2), accessToken(h.decide(fedexToken("id", "secret"))));
        }
    }

    @Test
    void anExpiredTokenIsNeverServed() {
        try (Harness h = new Harness(3, TestCarriers.fedex().unlimited().build())) {
            String first = accessToken(h.decide(fedexToken("id", "secret")));
            h.clock.setElapsed(Duration.ofMillis(2999));
            assertEquals(first, accessToken(h.decide(fedexToken("id", "secret"))));

            h.clock.setElapsed(Duration.ofMillis(3000));
            String next = accessToken(h.decide(fedexToken("id", "secret")));
            assertEquals(h.carrier.token(2), next, "EXPIRED: renewed in the foreground, not served");
            assertEquals(2, h.carrier.calls());
        }
    }

    @Test
    void aCallerThatNeedsTheTokenRunsARefreshStillQueuedInsteadOfWaitingForIt() {
        try (Harness h = new Harness(3, TestCarriers.fedex().unlimited().build())) {
            h.decide(fedexToken("id", "secret"));
            h.clock.setElapsed(Duration.ofMillis(2900));
            h.decide(fedexToken("id", "secret"));
            assertEquals(1, h.executor.pending(), "queued, the renewal threads being busy");

            h.clock.setElapsed(Duration.ofMillis(3000));
            assertEquals(h.carrier.token(2), accessToken(h.decide(fedexToken("id", "secret"))));
            h.executor.runAll();
            assertEquals(2, h.carrier.calls(), "the queued task found its renewal done by the caller");
        }
    }

    @Test
    void aOneHourTokenIsRenewedAt55Minutes() {
        try (Harness h = new Harness(3600, TestCarriers.fedex().build())) {
            h.decide(fedexToken("id", "secret"));
            h.clock.setElapsed(Duration.ofMinutes(55).minusMillis(1));
            h.decide(fedexToken("id", "secret"));
            assertEquals(0, h.executor.pending());

            h.clock.setElapsed(Duration.ofMinutes(55));
            h.decide(fedexToken("id", "secret"));
            assertEquals(1, h.executor.pending());
        }
    }

    @Test
    void aShorterConfiguredRefreshAheadWins() {
        try (Harness h = new Harness(3600, TestCarriers.fedex().refreshAhead(Duration.ofMinutes(1)).build())) {
            h.decide(fedexToken("id", "secret"));
            h.clock.setElapsed(Duration.ofMinutes(59).minusMillis(1));
            h.decide(fedexToken("id", "secret"));
            assertEquals(0, h.executor.pending());

            h.clock.setElapsed(Duration.ofMinutes(59));
            h.decide(fedexToken("id", "secret"));
            assertEquals(1, h.executor.pending());
        }
    }

    @Test
    void theLifetimeCountsFromWhenTheCallWasSent() {
        try (Harness h = new Harness(3600, TestCarriers.fedex().build())) {
            h.carrier.hold();
            Thread caller = new Thread(() -> h.decide(fedexToken("id", "secret")));
            caller.start();
            while (h.carrier.calls() == 0) {
                Thread.onSpinWait();
            }
            h.clock.advance(Duration.ofSeconds(2)); // the answer takes 2 s to come
            h.carrier.release();
            join(caller);

            assertEquals(3598, json(h.decide(fedexToken("id", "secret"))).get("expires_in").asLong());
        }
    }

    @Test
    void expiresInIsTheWholeSecondsActuallyLeft() {
        try (Harness h = new Harness(3599, TestCarriers.fedex().build())) {
            h.decide(fedexToken("id", "secret"));
            h.clock.setElapsed(Duration.ofMillis(100_500));
            assertEquals(3498, json(h.decide(fedexToken("id", "secret"))).get("expires_in").asLong());
        }
    }

    @Test
    void whileRenewalsSucceedWhatIsServedKeepsAtLeastTheRefreshAheadLeft() {
        try (Harness h = new Harness(3599, TestCarriers.fedex().build())) {
            h.executor.direct(true);
            for (int second = 0; second <= 4 * 3600; second += 7) {
                h.clock.setElapsed(Duration.ofSeconds(second));
                long left = json(h.decide(fedexToken("id", "secret"))).get("expires_in").asLong();
                assertTrue(left >= 300, "at " + second + " s only " + left + " s left");
            }
        }
    }

    @Test
    void aHugeExpiresInIsTakenAsAYearAndItsTokenStaysRecognised() {
        try (Harness h = new Harness(1_000_000_000_000L, TestCarriers.fedex().unlimited().build())) {
            String huge = accessToken(h.decide(fedexToken("id", "secret")));
            assertEquals(TokenResponse.MAX_EXPIRES_IN_SECONDS, json(h.decide(fedexToken("id", "secret"))).get("expires_in").asLong());
            assertTrue(h.log.allText().contains("renewal due in " + (TokenResponse.MAX_EXPIRES_IN_SECONDS - 300) + " s"),
                    h.log.allText());

            h.carrier.expiresIn(3600);
            accessToken(h.decide(fedexToken("other", "secret")));
            Decision.Proceed withHuge = assertInstanceOf(Decision.Proceed.class, h.decide(fedexApi(huge)));
            h.guard.onResponse(withHuge.exchange(), 401, HttpHeaders.EMPTY, RequestGuard.Replays.NEVER);
            assertEquals(1, h.control("fedex").stats().invalidations(), "the broker still knew the token");
        }
    }

    static void join(Thread t) {
        try {
            t.join(10_000);
        } catch (InterruptedException e) {
            throw new AssertionError(e);
        }
    }
}
