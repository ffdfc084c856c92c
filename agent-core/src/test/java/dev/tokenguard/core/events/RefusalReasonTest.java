package dev.tokenguard.core.events;

import static dev.tokenguard.core.testing.Requests.accessToken;
import static dev.tokenguard.core.testing.Requests.answer;
import static dev.tokenguard.core.testing.Requests.fedexApi;
import static dev.tokenguard.core.testing.Requests.fedexToken;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tokenguard.core.config.RateBand;
import dev.tokenguard.core.http.Decision;
import dev.tokenguard.core.http.OutboundRequest;
import dev.tokenguard.core.testing.Eventually;
import dev.tokenguard.core.testing.Harness;
import dev.tokenguard.core.testing.TestCarriers;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * Each place that refuses, through the guard, and the one kind its refusal counts as: the kind is
 * set where the refusal is made, so the reason's words (quoted here as users see them) never decide it.
 */
class RefusalReasonTest {
    private static final Duration GENEROUS = Duration.ofSeconds(30);
    /** Callers that block get a thread each, never the common pool's. */
    private static final Executor OWN_THREAD = task -> new Thread(task, "test-caller").start();

    @Test
    void aTrippedKillSwitchCountsKillSwitchWhateverItsReasonSays() {
        try (Harness h = new Harness(3600, TestCarriers.fedex().build())) {
            h.control("fedex").tripKillSwitch("internal error upstream; token endpoint rate limit");

            assertEquals("kill-switch of fedex tripped: internal error upstream; token endpoint rate limit",
                    reason(h.decide(fedexToken("id", "secret"))));
            assertCountedOnce(h, RefusalReason.KILL_SWITCH);
        }
    }

    @Test
    void anApiRequestRefusedByTheKillSwitchCountsKillSwitch() {
        try (Harness h = new Harness(3600, TestCarriers.fedex().build())) {
            String token = accessToken(h.decide(fedexToken("id", "secret")));
            h.control("fedex").tripKillSwitch("carrier maintenance");

            assertEquals("kill-switch of fedex tripped: carrier maintenance", reason(h.decide(fedexApi(token))));
            assertCountedOnce(h, RefusalReason.KILL_SWITCH);
        }
    }

    @Test
    void theLimiterWithNoPermitCountsRateLimit() {
        try (Harness h = new Harness(3600, TestCarriers.fedex().tokenRate(new RateBand(1, Duration.ofSeconds(10))).build())) {
            accessToken(h.decide(fedexToken("tenant-a", "secret")));

            assertEquals("renewal suppressed: token-call rate limit of fedex reached",
                    reason(h.decide(fedexToken("tenant-b", "secret"))));
            assertCountedOnce(h, RefusalReason.RATE_LIMIT);
        }
    }

    @Test
    void aMinIntervalFloorBeyondTokenWaitCountsRateLimit() {
        try (Harness h = new Harness(3600, TestCarriers.fedex().minInterval(Duration.ofSeconds(5)).build())) {
            h.decide(fedexToken("id", "secret"));
            h.clock.setElapsed(Duration.ofSeconds(1));
            h.control("fedex").invalidateTokens();

            assertEquals("renewal suppressed: min-interval of fedex", reason(h.decide(fedexToken("id", "secret"))));
            assertCountedOnce(h, RefusalReason.RATE_LIMIT);
        }
    }

    @Test
    void aRenewalHeldByTheBackOffCountsBackingOff() {
        try (Harness h = new Harness(3600, TestCarriers.fedex().tokenWait(Duration.ofMillis(100)).build())) {
            h.carrier.thenStatus(401, "{}");
            assertEquals(401, answer(h.decide(fedexToken("id", "wrong"))).status(), "the carrier's own answer, no refusal");

            assertEquals("renewal suppressed: backing off after failed renewals of fedex",
                    reason(h.decide(fedexToken("id", "wrong"))));
            assertCountedOnce(h, RefusalReason.BACKING_OFF);
        }
    }

    @Test
    void anUnreachableTokenEndpointCountsTokenEndpointFailed() {
        try (Harness h = new Harness(3600, TestCarriers.fedex().build())) {
            h.carrier.thenFailure(new IOException("connect timed out"));

            assertEquals("renewal failed: token endpoint of fedex unreachable (IOException)",
                    reason(h.decide(fedexToken("id", "secret"))));
            assertCountedOnce(h, RefusalReason.TOKEN_ENDPOINT_FAILED);
        }
    }

    @Test
    void anUnreachableTokenEndpointForACredentialNotReadCountsTokenEndpointFailed() {
        try (Harness h = new Harness(3600, TestCarriers.fedex().build())) {
            h.carrier.thenFailure(new IOException("connect timed out"));
            OutboundRequest readable = fedexToken("id", "secret");
            OutboundRequest withoutCredential = new OutboundRequest("POST", readable.uri(), readable.headers(),
                    "grant_type=client_credentials".getBytes(StandardCharsets.UTF_8));

            assertEquals("token call failed: token endpoint of fedex unreachable (IOException)",
                    reason(h.decide(withoutCredential)));
            assertCountedOnce(h, RefusalReason.TOKEN_ENDPOINT_FAILED);
        }
    }

    @Test
    void anApiRequestWhoseRenewalTheTokenEndpointFailedCountsTokenEndpointFailed() {
        try (Harness h = new Harness(3600, TestCarriers.fedex().build())) {
            String token = accessToken(h.decide(fedexToken("id", "secret")));
            h.clock.setElapsed(Duration.ofHours(2));
            h.carrier.thenStatus(500, "{}");

            assertEquals("renewal failed: token endpoint of fedex answered 500", reason(h.decide(fedexApi(token))));
            assertCountedOnce(h, RefusalReason.TOKEN_ENDPOINT_FAILED);
        }
    }

    @Test
    void anUnreadableTokenBodyCountsUnreadableBody() {
        try (Harness h = new Harness(3600, TestCarriers.fedex().build())) {
            OutboundRequest readable = fedexToken("id", "secret");

            assertEquals("tokenguard could not read the body of this token request; it was not sent",
                    reason(h.decide(new OutboundRequest("POST", readable.uri(), readable.headers(), null))));
            assertCountedOnce(h, RefusalReason.UNREADABLE_BODY);
        }
    }

    @Test
    void anInternalErrorDuringARenewalCountsInternalError() {
        try (Harness h = new Harness(3600, TestCarriers.fedex().build())) {
            h.carrier.thenThrow(new IllegalStateException("transport bug"));

            assertEquals("renewal failed: internal error in tokenguard", reason(h.decide(fedexToken("id", "secret"))));
            assertCountedOnce(h, RefusalReason.INTERNAL_ERROR);
        }
    }

    @Test
    void aWaitForARenewalThatOutlastsTheLongestARenewalTakesCountsRenewalWait() {
        try (Harness h = new Harness(3600, TestCarriers.fedex().build())) {
            h.carrier.hold(); // a transport that ignores its timeout: the one way a call outlasts it
            CompletableFuture<Decision> leader = CompletableFuture.supplyAsync(() -> h.decide(fedexToken("id", "secret")), OWN_THREAD);
            Eventually.until("the leader's call is in flight", GENEROUS, () -> h.carrier.calls() == 1, () -> "no call");
            CompletableFuture<Decision> waiter = CompletableFuture.supplyAsync(() -> h.decide(fedexToken("id", "secret")), OWN_THREAD);
            Eventually.until("a caller waits for it", GENEROUS, () -> h.clock.waiting() == 1, () -> "no waiter");

            h.clock.advance(Duration.ofMinutes(10));

            assertTrue(reason(waiter.join()).startsWith("renewal still in flight after "));
            h.carrier.release();
            accessToken(leader.join());
            assertCountedOnce(h, RefusalReason.RENEWAL_WAIT);
        }
    }

    @Test
    void aWaitInterruptedCountsOther() throws InterruptedException {
        try (Harness h = new Harness(3600, TestCarriers.fedex().build())) {
            h.carrier.hold();
            CompletableFuture<Decision> leader = CompletableFuture.supplyAsync(() -> h.decide(fedexToken("id", "secret")), OWN_THREAD);
            Eventually.until("the leader's call is in flight", GENEROUS, () -> h.carrier.calls() == 1, () -> "no call");
            AtomicReference<Decision> waited = new AtomicReference<>();
            Thread waiter = new Thread(() -> waited.set(h.decide(fedexToken("id", "secret"))));
            waiter.start();
            Eventually.until("a caller waits for it", GENEROUS, () -> h.clock.waiting() == 1, () -> "no waiter");

            waiter.interrupt();
            waiter.join();

            assertEquals("interrupted while waiting for a renewal", reason(waited.get()));
            h.carrier.release();
            accessToken(leader.join());
            assertCountedOnce(h, RefusalReason.OTHER);
        }
    }

    @Test
    void eachKindIsNamedInLowerCaseWithHyphens() {
        assertEquals("token-endpoint-failed", RefusalReason.TOKEN_ENDPOINT_FAILED.label());
        assertEquals("kill-switch", RefusalReason.KILL_SWITCH.label());
    }

    private static String reason(Decision decision) {
        return answer(decision).headers().first("X-Tokenguard");
    }

    private static void assertCountedOnce(Harness h, RefusalReason kind) {
        CarrierStats stats = h.control("fedex").stats();
        assertEquals(1, stats.refused(kind), stats.refusedByReasonText());
        assertEquals(1, stats.refused(), "no other kind: " + stats.refusedByReasonText());
    }
}
