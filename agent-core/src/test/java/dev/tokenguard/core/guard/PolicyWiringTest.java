package dev.tokenguard.core.guard;

import static dev.tokenguard.core.testing.Requests.accessToken;
import static dev.tokenguard.core.testing.Requests.answer;
import static dev.tokenguard.core.testing.Requests.fedexApi;
import static dev.tokenguard.core.testing.Requests.fedexToken;
import static dev.tokenguard.core.testing.TestPolicies.policy;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tokenguard.core.config.PolicyConfig;
import dev.tokenguard.core.config.RateBand;
import dev.tokenguard.core.events.RefusalReason;
import dev.tokenguard.core.http.Decision;
import dev.tokenguard.core.http.HttpHeaders;
import dev.tokenguard.core.http.SyntheticResponse;
import dev.tokenguard.core.http.RequestGuard;
import dev.tokenguard.core.testing.Eventually;
import dev.tokenguard.core.testing.Harness;
import dev.tokenguard.core.testing.TestCarriers;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The policies in the guard: after the kill-switch and the token, through decide, onResponse and onFailure. */
class PolicyWiringTest {
    private static final RequestGuard.Replays NEVER = RequestGuard.Replays.NEVER;

    private static Decision.Proceed proceed(Decision d) {
        return assertInstanceOf(Decision.Proceed.class, d, () -> dev.tokenguard.core.testing.Requests.describe(d));
    }

    @Test
    void aCarrier429PausesTheCredentialsCounterAndItsCallsAreRefusedLocally() {
        try (Harness h = new Harness(List.of(policy("fedex-api").per(PolicyConfig.Per.CREDENTIAL)
                .requests(1400, Duration.ofSeconds(10)).build()), TestCarriers.fedex().build())) {
            String token = accessToken(h.decide(fedexToken("id", "secret")));
            Decision.Proceed first = proceed(h.decide(fedexApi(token)));
            Decision.Proceed inFlight = proceed(h.decide(fedexApi(token)));

            h.guard.onResponse(first.exchange(), 429, HttpHeaders.builder().add("Retry-After", "3").build(), NEVER);

            assertEquals(429, answer(h.decide(fedexApi(token))).status());
            assertEquals(1, h.control("fedex").stats().refused(RefusalReason.CARRIER_PAUSE));
            h.guard.onResponse(inFlight.exchange(), 200, HttpHeaders.EMPTY, NEVER);
            h.clock.advance(Duration.ofSeconds(3));
            proceed(h.decide(fedexApi(token)));
            assertTrue(h.log.allText().contains("fedex: the carrier answered 429 (Retry-After 3); policy fedex-api ("),
                    h.log.allText());
        }
    }

    @Test
    void a429TheClientRetriesItselfPausesTheScopeAndTheCallKeepsItsPlaceUntilItsFinalAnswer() {
        try (Harness h = new Harness(List.of(policy("one").requests(1, Duration.ofSeconds(1)).maxWait(Duration.ZERO).build()),
                TestCarriers.fedex().build())) {
            String token = accessToken(h.decide(fedexToken("id", "secret")));
            Decision.Proceed retried = proceed(h.decide(fedexApi(token)));

            h.guard.onRetried429(retried.exchange(), HttpHeaders.builder().add("Retry-After", "3").build(), null);

            SyntheticResponse paused = answer(h.decide(fedexApi(token)));
            assertEquals(429, paused.status());
            assertEquals("3", paused.headers().first("Retry-After"));
            assertEquals(1, h.control("fedex").stats().refused(RefusalReason.CARRIER_PAUSE));
            h.clock.advance(Duration.ofSeconds(3));
            assertEquals(429, answer(h.decide(fedexApi(token))).status(), "the retried call still holds the policy's one place");
            h.guard.onResponse(retried.exchange(), 200, HttpHeaders.EMPTY, NEVER);
            h.clock.advance(Duration.ofSeconds(1));
            proceed(h.decide(fedexApi(token)));
        }
    }

    @Test
    void aCarrier429WithoutPoliciesPausesTheCarriersCallsOfThatCredential() {
        try (Harness h = new Harness(List.of(), TestCarriers.fedex().build())) {
            String token = accessToken(h.decide(fedexToken("id", "secret")));
            h.clock.advance(Duration.ofSeconds(5));
            String other = accessToken(h.decide(fedexToken("other", "secret")));
            Decision.Proceed first = proceed(h.decide(fedexApi(token)));

            h.guard.onResponse(first.exchange(), 429, HttpHeaders.EMPTY, NEVER);

            assertEquals("60", answer(h.decide(fedexApi(token))).headers().first("Retry-After"), "retry-after-default");
            proceed(h.decide(fedexApi(other)));
        }
    }

    @Test
    void anInFlightPlaceFreesOnResponseAndOnFailure() {
        try (Harness h = new Harness(List.of(policy("cap").inFlight(1).maxWait(Duration.ZERO).build()),
                TestCarriers.fedex().build())) {
            Decision.Proceed first = proceed(h.decide(fedexApi(null)));
            assertEquals(429, answer(h.decide(fedexApi(null))).status());
            h.guard.onFailure(first.exchange(), new java.io.IOException("reset"));
            Decision.Proceed second = proceed(h.decide(fedexApi(null)));
            h.guard.onResponse(second.exchange(), 200, HttpHeaders.EMPTY, NEVER);
            proceed(h.decide(fedexApi(null)));
        }
    }

    @Test
    void aBlockingCallerWaitsForItsReservedTime() {
        try (Harness h = new Harness(List.of(policy("api").requests(1, Duration.ofSeconds(1)).maxWait(Duration.ofSeconds(5)).build()),
                TestCarriers.fedex().build())) {
            Decision.Proceed first = proceed(h.decide(fedexApi(null)));
            h.guard.onResponse(first.exchange(), 200, HttpHeaders.EMPTY, NEVER);
            proceed(h.decide(fedexApi(null)));
            assertEquals(Duration.ofSeconds(1), h.clock.elapsed(), "the fake clock's sleep moved it to a second after the answer");
        }
    }

    @Test
    void aCallerThatMustNotBlockGetsALaterTheWaitThreadCompletes() throws Exception {
        try (Harness h = new Harness(List.of(policy("api").requests(1, Duration.ofSeconds(1)).maxWait(Duration.ofSeconds(5)).build()),
                TestCarriers.fedex().build())) {
            Decision.Proceed first = proceed(h.guard.decideWithoutBlocking(fedexApi(null)));
            h.guard.onResponse(first.exchange(), 200, HttpHeaders.EMPTY, NEVER);
            Decision.Later later = assertInstanceOf(Decision.Later.class, h.guard.decideWithoutBlocking(fedexApi(null)));
            assertFalse(later.decision().toCompletableFuture().isDone());
            Eventually.until("the wait thread waits on the clock", Duration.ofSeconds(30), () -> h.clock.waiting() == 1,
                    () -> h.clock.waiting() + " waiting");

            h.clock.advance(Duration.ofSeconds(1));

            proceed(later.decision().toCompletableFuture().get(30, TimeUnit.SECONDS));
        }
    }

    @Test
    void admittedCallsWithTheSameTokenAndCountersShareOneDecision() {
        try (Harness h = new Harness(List.of(policy("api").per(PolicyConfig.Per.CREDENTIAL).requests(100, Duration.ofSeconds(1)).build()),
                TestCarriers.fedex().build())) {
            String token = accessToken(h.decide(fedexToken("id", "secret")));
            assertSame(h.decide(fedexApi(token)), h.decide(fedexApi(token)));
        }
    }

    @Test
    void tokenRequestsAreNotSubjectToPolicies() {
        try (Harness h = new Harness(List.of(policy("api").requests(1, Duration.ofSeconds(1)).maxWait(Duration.ZERO).build()),
                TestCarriers.fedex().build())) {
            accessToken(h.decide(fedexToken("id", "secret")));
            accessToken(h.decide(fedexToken("id", "secret")));
            assertEquals(0, h.guard.policies().get(0).stats().matched());
        }
    }

    @Test
    void aFaultInTheEngineLetsTheCallPassAndIsLoggedOnce() {
        // A band of zero calls is no configuration the parser accepts: here it makes the engine fail.
        PolicyConfig broken = new PolicyConfig("broken", "fedex", PolicyConfig.Conditions.ANY, PolicyConfig.Per.POLICY,
                List.of(new RateBand(0, Duration.ofSeconds(1))), null, 0, Duration.ZERO, PolicyConfig.Mode.ENFORCE,
                PolicyConfig.Action.LIMIT, true, PolicyConfig.DEFAULT_SCOPE,
                PolicyConfig.DEFAULT_SYNC, PolicyConfig.Origin.USER, 0);
        try (Harness h = new Harness(List.of(broken), TestCarriers.fedex().build())) {
            assertSame(Decision.PASS, h.decide(fedexApi(null)));
            assertSame(Decision.PASS, h.decide(fedexApi(null)));
            assertEquals(2, h.control("fedex").stats().internalErrors());
            assertEquals(1, h.log.messages(org.slf4j.event.Level.ERROR).size());
        }
    }

    @Test
    void reloadPutsNewPoliciesAndCarrierLimitsInForce() {
        try (Harness h = new Harness(List.of(policy("api").requests(1, Duration.ofSeconds(10)).maxWait(Duration.ZERO).build()),
                TestCarriers.fedex().build())) {
            proceed(h.decide(fedexApi(null)));
            assertEquals(429, answer(h.decide(fedexApi(null))).status());

            List<String> changes = h.guard.reload(Harness.config(
                    List.of(policy("api").requests(5, Duration.ofSeconds(10)).maxWait(Duration.ZERO).build()),
                    TestCarriers.fedex().tokenWait(Duration.ofSeconds(9)).build()));

            assertEquals(2, changes.size(), changes.toString());
            assertTrue(changes.get(0).startsWith("policy api changed: carrier=fedex per=policy requests=5/10s"), changes.get(0));
            assertEquals("carrier fedex: token-wait changed: in force now", changes.get(1));
            proceed(h.decide(fedexApi(null)));
        }
    }
}
