package dev.tokenguard.core.broker;

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
import dev.tokenguard.core.testing.Harness;
import dev.tokenguard.core.testing.TestCarriers;
import java.io.IOException;
import java.net.ConnectException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.slf4j.event.Level;

/** Rule 4: real calls of one credential keep min-interval apart and back off after failures. */
class FloorAndBackoffTest {
    private static final String ERROR = "{\"errors\":[{\"code\":\"SERVICE.UNAVAILABLE.ERROR\"}]}";

    private static List<Duration> callTimes(Harness h) {
        return h.carrier.recorded().stream().map(c -> c.elapsedAt()).collect(Collectors.toList());
    }

    @Test
    void aRenewalRightAfterACallWaitsForMinInterval() {
        try (Harness h = new Harness(3600, TestCarriers.fedex().build())) {
            h.decide(fedexToken("id", "secret"));
            h.clock.setElapsed(Duration.ofMillis(200));
            h.control("fedex").invalidateTokens();

            assertEquals(h.carrier.token(2), accessToken(h.decide(fedexToken("id", "secret"))));
            assertEquals(List.of(Duration.ZERO, Duration.ofSeconds(1)), callTimes(h), "waited 800 ms for the floor");
        }
    }

    @Test
    void aFloorLongerThanTokenWaitIsRefusedWithoutACall() {
        try (Harness h = new Harness(3600, TestCarriers.fedex().minInterval(Duration.ofSeconds(5)).build())) {
            h.decide(fedexToken("id", "secret"));
            h.clock.setElapsed(Duration.ofSeconds(1));
            h.control("fedex").invalidateTokens();

            SyntheticResponse refusal = answer(h.decide(fedexToken("id", "secret")));
            assertEquals(503, refusal.status());
            assertEquals("renewal suppressed: min-interval of fedex", refusal.headers().first("X-Tokenguard"));
            assertEquals("4", refusal.headers().first("Retry-After"));
            assertEquals(1, h.carrier.calls());

            h.clock.setElapsed(Duration.ofSeconds(3));
            assertEquals(h.carrier.token(2), accessToken(h.decide(fedexToken("id", "secret"))), "2 s of floor left: waited");
            assertEquals(Duration.ofSeconds(5), h.carrier.last().elapsedAt());
        }
    }

    @Test
    void failedRenewalsBackOffExponentially() {
        try (Harness h = new Harness(3600, TestCarriers.fedex().unlimited().tokenWait(Duration.ofMillis(100)).build())) {
            h.carrier.thenStatus(500, ERROR).thenStatus(500, ERROR).thenStatus(500, ERROR);
            long[] callsAtSeconds = {0, 2, 6, 14};
            for (long at : callsAtSeconds) {
                if (at > 0) {
                    h.clock.setElapsed(Duration.ofSeconds(at).minusMillis(101));
                    SyntheticResponse early = answer(h.decide(fedexToken("id", "secret")));
                    assertEquals(503, early.status(), "before the back-off is over");
                    assertEquals("renewal suppressed: backing off after failed renewals of fedex",
                            early.headers().first("X-Tokenguard"));
                }
                h.clock.setElapsed(Duration.ofSeconds(at));
                h.decide(fedexToken("id", "secret"));
            }
            assertEquals(List.of(Duration.ZERO, Duration.ofSeconds(2), Duration.ofSeconds(6), Duration.ofSeconds(14)), callTimes(h));
            assertEquals(3, h.control("fedex").stats().failedRenewals());
        }
    }

    @Test
    void theBackOffIsCappedAtAMinute() {
        Backoff backoff = new Backoff(() -> Duration.ofSeconds(1));
        for (int i = 0; i < 40; i++) {
            backoff.onFailure();
        }
        assertEquals(Duration.ofMinutes(1).toNanos(), backoff.delayNanos());
        backoff.onSuccess();
        assertEquals(Duration.ofSeconds(1).toNanos(), backoff.delayNanos());
    }

    @Test
    void aSuccessAfterFailuresReturnsToTheFloor() {
        try (Harness h = new Harness(3600, TestCarriers.fedex().unlimited().tokenWait(Duration.ofMillis(100)).build())) {
            h.carrier.thenStatus(500, ERROR);
            h.decide(fedexToken("id", "secret"));
            h.clock.setElapsed(Duration.ofSeconds(2));
            h.decide(fedexToken("id", "secret"));
            h.clock.setElapsed(Duration.ofSeconds(3));
            h.control("fedex").invalidateTokens();
            h.decide(fedexToken("id", "secret"));

            assertEquals(List.of(Duration.ZERO, Duration.ofSeconds(2), Duration.ofSeconds(3)), callTimes(h));
        }
    }

    @Test
    void aStaleTokenKeepsBeingServedWhileItsRenewalsFail() {
        try (Harness h = new Harness(3600, TestCarriers.fedex().unlimited().build())) {
            String token = accessToken(h.decide(fedexToken("id", "secret")));
            h.executor.direct(true);
            h.carrier.thenStatus(500, ERROR).thenFailure(new ConnectException("refused"));

            h.clock.setElapsed(Duration.ofMinutes(55));
            assertEquals(token, accessToken(h.decide(fedexToken("id", "secret"))));
            h.clock.setElapsed(Duration.ofMinutes(55).plusMillis(1999));
            assertEquals(token, accessToken(h.decide(fedexToken("id", "secret"))));
            assertEquals(2, h.carrier.calls(), "no renewal until the back-off is over");

            h.clock.setElapsed(Duration.ofMinutes(55).plusSeconds(2));
            assertEquals(token, accessToken(h.decide(fedexToken("id", "secret"))));
            assertEquals(3, h.carrier.calls());

            h.clock.setElapsed(Duration.ofMinutes(55).plusSeconds(6));
            assertEquals(h.carrier.token(2), accessToken(h.decide(fedexToken("id", "secret"))));
        }
    }

    @Test
    void aRenewalThatBringsNoLaterExpiryBacksOff() {
        try (Harness h = new Harness(3600, TestCarriers.fedex().unlimited().build())) {
            String first = accessToken(h.decide(fedexToken("id", "secret")));
            h.executor.direct(true);
            h.carrier.thenToken(first, 300); // a server-side cache answers the same token again

            h.clock.setElapsed(Duration.ofMinutes(55));
            assertEquals(first, accessToken(h.decide(fedexToken("id", "secret"))));
            h.clock.setElapsed(Duration.ofMinutes(55).plusMillis(1999));
            h.decide(fedexToken("id", "secret"));
            assertEquals(2, h.carrier.calls(), "backing off");
            assertEquals(1, h.control("fedex").stats().failedRenewals());

            h.clock.setElapsed(Duration.ofMinutes(55).plusSeconds(2));
            assertEquals(h.carrier.token(1), first);
            assertEquals(h.carrier.token(2), accessToken(h.decide(fedexToken("id", "secret"))));
        }
    }

    @Test
    void aNewTokenExpiringEarlierIsTakenButBacksOff() {
        try (Harness h = new Harness(3600, TestCarriers.fedex().unlimited().build())) {
            h.decide(fedexToken("id", "secret"));
            h.executor.direct(true);
            h.carrier.thenToken("shorter-lived", 200);

            h.clock.setElapsed(Duration.ofMinutes(55));
            h.decide(fedexToken("id", "secret"));
            assertEquals("shorter-lived", accessToken(h.decide(fedexToken("id", "secret"))));
            assertEquals(1, h.control("fedex").stats().failedRenewals());
        }
    }

    @Test
    void aWrongSecretGetsTheCarriersOwn401ThenBackOffRefusals() {
        try (Harness h = new Harness(3600, TestCarriers.fedex().tokenWait(Duration.ofMillis(100)).build())) {
            String body = "{\"errors\":[{\"code\":\"NOT.AUTHORIZED.ERROR\",\"message\":\"The given client credentials were not valid.\"}]}";
            h.carrier.thenStatus(401, body).thenStatus(401, body);

            SyntheticResponse first = answer(h.decide(fedexToken("id", "wrong")));
            assertEquals(401, first.status());
            assertEquals(body, first.bodyText());
            assertEquals("no-store", first.headers().first("Cache-Control"));

            Decision.Answer retry = assertInstanceOf(Decision.Answer.class, h.decide(fedexToken("id", "wrong")));
            assertEquals("renewal suppressed: backing off after failed renewals of fedex",
                    retry.response().headers().first("X-Tokenguard"));
            assertEquals("2", retry.response().headers().first("Retry-After"));
            assertEquals(1, h.carrier.calls(), "the retry is held back, not sent");

            h.clock.setElapsed(Duration.ofSeconds(2));
            assertEquals(401, answer(h.decide(fedexToken("id", "wrong"))).status());
            h.clock.setElapsed(Duration.ofSeconds(5));
            assertEquals("1", answer(h.decide(fedexToken("id", "wrong"))).headers().first("Retry-After"), "4 s after the last");
            assertEquals(2, h.carrier.calls());
        }
    }

    @Test
    void anUnreachableEndpointIsARefusalThatSaysSo() {
        try (Harness h = new Harness(3600, TestCarriers.fedex().build())) {
            h.carrier.thenFailure(new IOException("connect timed out"));
            SyntheticResponse refusal = answer(h.decide(fedexToken("id", "secret")));
            assertEquals("renewal failed: token endpoint of fedex unreachable (IOException)",
                    refusal.headers().first("X-Tokenguard"));
            assertEquals("2", refusal.headers().first("Retry-After"));
        }
    }

    @Test
    void tokensRevokedBySomeoneElseAreRenewedAtTheFloorAndNoCallerIsRefused() {
        try (Harness h = new Harness(3600, TestCarriers.fedex().unlimited().build())) {
            for (int i = 0; i < 6; i++) {
                String token = accessToken(h.decide(fedexToken("id", "secret")));
                Decision.Proceed p = assertInstanceOf(Decision.Proceed.class, h.decide(fedexApi(token)));
                h.guard.onResponse(p.exchange(), 401, HttpHeaders.EMPTY, RequestGuard.Replays.NEVER); // a peer renewed
            }
            assertEquals(List.of(Duration.ZERO, Duration.ofSeconds(1), Duration.ofSeconds(2), Duration.ofSeconds(3),
                    Duration.ofSeconds(4), Duration.ofSeconds(5)), callTimes(h), "min-interval apart, no back-off");
            assertEquals(0, h.control("fedex").stats().refused());
        }
    }

    @Test
    void aCredentialWhoseTokensSomeoneElseKeepsRevokingIsNamedInOneWarning() {
        try (Harness h = new Harness(3600, TestCarriers.fedex().unlimited().build())) {
            for (int i = 0; i < 6; i++) {
                String token = accessToken(h.decide(fedexToken("id", "secret")));
                Decision.Proceed p = assertInstanceOf(Decision.Proceed.class, h.decide(fedexApi(token)));
                h.guard.onResponse(p.exchange(), 401, HttpHeaders.EMPTY, RequestGuard.Replays.NEVER);
            }
            String invalidated = h.log.messages(Level.INFO).stream().filter(m -> m.contains("invalidated after a 401"))
                    .findFirst().orElseThrow();
            String credential = invalidated.replaceAll(".* of credential (\\S+) invalidated.*", "$1");
            List<String> warnings = h.log.messages(Level.WARN).stream()
                    .filter(m -> m.contains("revoked by someone else")).toList();
            assertEquals(1, warnings.size(), String.valueOf(warnings));
            assertTrue(warnings.get(0).contains("credential " + credential + " are being revoked"), warnings.get(0));
            assertTrue(warnings.get(0).contains("Guard every instance that uses this credential"), warnings.get(0));
            assertEquals(6, h.control("fedex").stats().revokedElsewhere());
        }
    }

    @Test
    void aSingle401IsNoReasonToWarn() {
        try (Harness h = new Harness(3600, TestCarriers.fedex().unlimited().build())) {
            String token = accessToken(h.decide(fedexToken("id", "secret")));
            Decision.Proceed p = assertInstanceOf(Decision.Proceed.class, h.decide(fedexApi(token)));
            h.guard.onResponse(p.exchange(), 401, HttpHeaders.EMPTY, RequestGuard.Replays.NEVER);

            assertTrue(h.log.messages(Level.WARN).isEmpty(), String.valueOf(h.log.messages(Level.WARN)));
        }
    }

    @Test
    void a401ForATokenWhoseRenewalIsAlreadyInFlightIsNoReasonToBackOff() {
        try (Harness h = new Harness(3600, TestCarriers.fedex().unlimited().tokenWait(Duration.ofSeconds(100)).build())) {
            String first = accessToken(h.decide(fedexToken("id", "secret")));
            Decision.Proceed onFirst = assertInstanceOf(Decision.Proceed.class, h.decide(fedexApi(first)));
            h.clock.advance(Duration.ofHours(1));
            // The carrier revokes the first token as it issues its successor: requests still on the
            // wire with it get their 401 while the renewal is in flight.
            AtomicBoolean once = new AtomicBoolean();
            h.carrier.beforeEachCall(() -> {
                if (once.compareAndSet(false, true)) {
                    h.guard.onResponse(onFirst.exchange(), 401, HttpHeaders.EMPTY, RequestGuard.Replays.AFTER_RENEWAL);
                }
            });
            String second = accessToken(h.decide(fedexToken("id", "secret")));
            // One real 401 on the current token, with no renewal in flight: renewed at the floor.
            Decision.Proceed onSecond = assertInstanceOf(Decision.Proceed.class, h.decide(fedexApi(second)));
            h.guard.onResponse(onSecond.exchange(), 401, HttpHeaders.EMPTY, RequestGuard.Replays.AFTER_RENEWAL);
            accessToken(h.decide(fedexToken("id", "secret")));

            assertEquals(List.of(Duration.ZERO, Duration.ofHours(1), Duration.ofHours(1).plusSeconds(1)), callTimes(h));
            assertEquals(1, h.control("fedex").stats().revokedElsewhere(), "only the 401 no renewal explains");
        }
    }
}
