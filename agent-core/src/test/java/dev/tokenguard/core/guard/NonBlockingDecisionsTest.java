package dev.tokenguard.core.guard;

import static dev.tokenguard.core.testing.Requests.accessToken;
import static dev.tokenguard.core.testing.Requests.answer;
import static dev.tokenguard.core.testing.Requests.fedexApi;
import static dev.tokenguard.core.testing.Requests.fedexToken;
import static dev.tokenguard.core.testing.Requests.setAuthorization;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;

import dev.tokenguard.core.http.Decision;
import dev.tokenguard.core.http.HttpHeaders;
import dev.tokenguard.core.http.OutboundRequest;
import dev.tokenguard.core.http.SyntheticResponse;
import dev.tokenguard.core.testing.Eventually;
import dev.tokenguard.core.testing.Harness;
import dev.tokenguard.core.testing.TestCarriers;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.Test;

/** Issue 9, rule 1: a caller that must not block gets a Later where decide would wait, and its stage brings the decision. */
class NonBlockingDecisionsTest {
    private static final String ERROR = "{\"errors\":[{\"code\":\"SERVICE.UNAVAILABLE.ERROR\"}]}";

    private static Decision await(Decision.Later later) {
        try {
            return later.decision().toCompletableFuture().get(30, TimeUnit.SECONDS);
        } catch (InterruptedException | ExecutionException | TimeoutException e) {
            throw new AssertionError("the stage did not complete with a decision", e);
        }
    }

    /** Runs the broker's queued renewals on a thread of their own, as its executor would. */
    private static CompletableFuture<Integer> renewalThread(Harness h) {
        return CompletableFuture.supplyAsync(h.executor::runAll, command -> new Thread(command, "test-renewal").start());
    }

    @Test
    void aTokenRequestThatWouldWaitIsALaterAndNothingIsSentOnTheCallingThread() {
        try (Harness h = new Harness(3600, TestCarriers.fedex().build())) {
            h.carrier.hold();
            Decision.Later later = assertInstanceOf(Decision.Later.class, h.guard.decideWithoutBlocking(fedexToken("id", "secret")));
            assertEquals(0, h.carrier.calls(), "no call from the calling thread");

            renewalThread(h);
            Eventually.until("the renewal thread calls", Duration.ofSeconds(30), () -> h.carrier.calls() == 1, () -> "no call");
            assertFalse(later.decision().toCompletableFuture().isDone(), "not before the carrier answers");
            h.carrier.release();

            assertEquals(h.carrier.token(1), accessToken(await(later)));
        }
    }

    @Test
    void anApiRequestThatNeedsARenewalProceedsLaterWithTheNewToken() {
        try (Harness h = new Harness(3600, TestCarriers.fedex().credentials("id", "secret").build())) {
            Decision.Later later = assertInstanceOf(Decision.Later.class, h.guard.decideWithoutBlocking(fedexApi(null)));
            assertEquals(0, h.carrier.calls());

            h.executor.runAll();

            assertEquals("Bearer " + h.carrier.token(1), setAuthorization(await(later)));
        }
    }

    @Test
    void aFailedRenewalCompletesTheStageWithARefusal() {
        try (Harness h = new Harness(3600, TestCarriers.fedex().credentials("id", "secret").build())) {
            h.carrier.thenStatus(500, ERROR);
            Decision.Later later = assertInstanceOf(Decision.Later.class, h.guard.decideWithoutBlocking(fedexApi(null)));

            h.executor.runAll();

            SyntheticResponse refusal = answer(await(later));
            assertEquals(503, refusal.status());
            assertEquals("renewal failed: token endpoint of fedex answered 500", refusal.headers().first("X-Tokenguard"));
        }
    }

    @Test
    void callersThatMustNotBlockJoinTheRenewalInFlight() {
        try (Harness h = new Harness(3600, TestCarriers.fedex().build())) {
            Decision.Later first = assertInstanceOf(Decision.Later.class, h.guard.decideWithoutBlocking(fedexToken("id", "secret")));
            Decision.Later second = assertInstanceOf(Decision.Later.class, h.guard.decideWithoutBlocking(fedexToken("id", "secret")));

            assertEquals(1, h.executor.runAll(), "one renewal for both");

            assertEquals(h.carrier.token(1), accessToken(await(first)));
            assertEquals(h.carrier.token(1), accessToken(await(second)));
            assertEquals(1, h.carrier.calls());
        }
    }

    @Test
    void aTokenRequestWithoutACredentialIsMadeUncachedOnTheExecutor() {
        try (Harness h = new Harness(3600, TestCarriers.fedex().build())) {
            OutboundRequest anonymous = new OutboundRequest("POST", TestCarriers.FEDEX_TOKEN_URL,
                    HttpHeaders.builder().add("Content-Type", "application/x-www-form-urlencoded").build(),
                    "grant_type=client_credentials".getBytes(StandardCharsets.UTF_8));
            Decision.Later later = assertInstanceOf(Decision.Later.class, h.guard.decideWithoutBlocking(anonymous));
            assertEquals(0, h.carrier.calls());

            h.executor.runAll();

            assertEquals(h.carrier.token(1), accessToken(await(later)));
        }
    }

    @Test
    void aFreshTokenIsDecidedAtOnceWithTheSameSharedDecisionAsDecide() {
        try (Harness h = new Harness(3600, TestCarriers.fedex().credentials("id", "secret").build())) {
            Decision blocking = h.decide(fedexApi(null));

            Decision now = h.guard.decideWithoutBlocking(fedexApi(null));

            assertSame(blocking, now);
            assertInstanceOf(Decision.Answer.class, h.guard.decideWithoutBlocking(fedexToken("id", "secret")));
            assertEquals(0, h.executor.pending());
        }
    }
}
