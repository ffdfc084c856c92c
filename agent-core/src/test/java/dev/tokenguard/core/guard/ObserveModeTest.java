package dev.tokenguard.core.guard;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tokenguard.core.config.Attach;
import dev.tokenguard.core.config.CarrierConfig;
import dev.tokenguard.core.config.GuardMode;
import dev.tokenguard.core.config.PolicyConfig;
import dev.tokenguard.core.config.RateBand;
import dev.tokenguard.core.config.StoreLocation;
import dev.tokenguard.core.config.TokenguardConfig;
import dev.tokenguard.core.events.WouldBe;
import dev.tokenguard.core.http.AfterResponse;
import dev.tokenguard.core.http.Decision;
import dev.tokenguard.core.http.Exchange;
import dev.tokenguard.core.http.HttpHeaders;
import dev.tokenguard.core.http.OutboundRequest;
import dev.tokenguard.core.http.RequestGuard;
import dev.tokenguard.core.killswitch.KillSwitchState;
import dev.tokenguard.core.policy.BlockSpec;
import dev.tokenguard.core.testing.CapturingLogger;
import dev.tokenguard.core.testing.FakeCarrier;
import dev.tokenguard.core.testing.ManualClock;
import dev.tokenguard.core.testing.Requests;
import dev.tokenguard.core.testing.TestCarriers;
import dev.tokenguard.core.testing.TestPolicies;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.slf4j.event.Level;

/** tokenguard.mode=observe: nothing changes on any call, and each would-be figure counts exactly. */
class ObserveModeTest {
    private final ManualClock clock = new ManualClock();
    private final FakeCarrier carrier = new FakeCarrier(clock, FakeCarrier.Shape.FEDEX, 3600);
    private final CapturingLogger log = new CapturingLogger(Level.INFO);
    private Tokenguard guard;

    private Tokenguard observing(CarrierConfig fedex, PolicyConfig... policies) {
        TokenguardConfig config = new TokenguardConfig(List.of(fedex), "info", null, TokenguardConfig.OnConfigError.PASS,
                "test", StoreLocation.LOCAL, null, TokenguardConfig.DEFAULT_EXPECTED_INSTANCES, List.of(policies),
                null, GuardMode.OBSERVE);
        guard = Tokenguard.builder(config).transport(carrier).timeSource(clock).random(() -> 0L).executor(Runnable::run)
                .logger(log).build();
        return guard;
    }

    @AfterEach
    void close() {
        if (guard != null) {
            guard.close();
        }
    }

    private WouldBe wouldBe() {
        return guard.carrier("fedex").orElseThrow().wouldBe();
    }

    /** The decision lets the request go exactly as made: nothing answered, no header set. */
    private static Exchange goesAsMade(Decision decision) {
        Decision.Proceed proceed = assertInstanceOf(Decision.Proceed.class, decision);
        assertTrue(proceed.setHeaders().toMap().isEmpty(), "no header changed: " + proceed.setHeaders().toMap());
        return proceed.exchange();
    }

    private void answer(Exchange exchange, int status) {
        assertSame(AfterResponse.DONE, guard.onResponse(exchange, status, HttpHeaders.EMPTY, RequestGuard.Replays.AFTER_RENEWAL));
    }

    private static OutboundRequest renewal(String clientId) {
        return Requests.fedexToken(clientId, "secret-" + clientId);
    }

    @Test
    void aStormOfRenewalsGoesOutAndCountsOneCallTheJoinedAndTheCachedOnes() {
        observing(TestCarriers.fedex().build());

        Exchange first = goesAsMade(guard.decide(renewal("shop")));
        Exchange joined = goesAsMade(guard.decide(renewal("shop")));
        goesAsMade(guard.decide(renewal("shop")));
        answer(first, 200);
        answer(joined, 200);
        goesAsMade(guard.decide(renewal("shop")));
        goesAsMade(guard.decide(renewal("shop")));

        assertEquals(5, wouldBe().tokenRequests());
        assertEquals(1, wouldBe().wouldCall());
        assertEquals(2, wouldBe().coalesced());
        assertEquals(2, wouldBe().suppressed());
        assertEquals(0, wouldBe().heldBack());
        assertEquals(0, carrier.calls(), "the agent made no token call of its own");
        assertEquals(5, guard.carrier("fedex").orElseThrow().stats().realTokenCalls(), "every renewal went out");
        assertEquals(0, guard.carrier("fedex").orElseThrow().stats().suppressedRenewals());
    }

    @Test
    void theWouldBeTokenLastsTheCarriersDocumentedLifetime() {
        observing(TestCarriers.fedex().build());
        answer(goesAsMade(guard.decide(renewal("shop"))), 200);

        clock.advance(Duration.ofMinutes(60).minusSeconds(1));
        goesAsMade(guard.decide(renewal("shop")));
        clock.advance(Duration.ofSeconds(1));
        goesAsMade(guard.decide(renewal("shop")));

        assertEquals(1, wouldBe().suppressed());
        assertEquals(2, wouldBe().wouldCall(), "FedEx tokens live 60 minutes: then enforce renews");
    }

    @Test
    void aFailedWouldBeCallLeavesTheNextRenewalToCallAgain() {
        observing(TestCarriers.fedex().unlimited().build());
        answer(goesAsMade(guard.decide(renewal("shop"))), 500);
        Exchange second = goesAsMade(guard.decide(renewal("shop")));
        guard.onFailure(second, new java.io.IOException("reset"));
        goesAsMade(guard.decide(renewal("shop")));

        assertEquals(3, wouldBe().wouldCall());
        assertEquals(0, wouldBe().suppressed() + wouldBe().coalesced());
    }

    @Test
    void callsTheLimiterHasNoPermitForAreHeldBackAndTakeNone() {
        observing(TestCarriers.fedex().tokenRate(new RateBand(1, Duration.ofSeconds(1))).build());

        goesAsMade(guard.decide(renewal("a")));
        goesAsMade(guard.decide(renewal("b")));
        goesAsMade(guard.decide(renewal("c")));
        clock.advance(Duration.ofSeconds(1));
        goesAsMade(guard.decide(renewal("b")));

        assertEquals(2, wouldBe().wouldCall(), "a, then b a second later");
        assertEquals(2, wouldBe().heldBack(), "b and c in the first second");
    }

    @Test
    void aBanTripsTheKillSwitchWhichCountsButRefusesNothing() {
        observing(TestCarriers.fedex().build());
        answer(goesAsMade(guard.decide(renewal("shop"))), 403);

        assertEquals(1, wouldBe().bansSeen());
        assertEquals(1, wouldBe().killSwitchTrips());
        assertInstanceOf(KillSwitchState.Tripped.class, guard.carrier("fedex").orElseThrow().killSwitchState());

        Exchange during = goesAsMade(guard.decide(renewal("shop")));
        answer(during, 403);
        goesAsMade(guard.decide(Requests.fedexApi("apps-own-token")));

        assertEquals(2, wouldBe().killSwitchRefusals(), "a renewal and an API call during the ban");
        assertEquals(1, wouldBe().killSwitchTrips(), "the answer to a call enforce would have refused trips nothing");
        assertEquals(2, wouldBe().bansSeen());
        assertEquals(0, guard.carrier("fedex").orElseThrow().stats().refused());
    }

    @Test
    void banAnswersToCallsAllInFlightAtOnceCountOneTrip() {
        observing(TestCarriers.fedex().unlimited().build());
        List<Exchange> inFlight = new java.util.ArrayList<>();
        for (String id : List.of("a", "b", "c")) {
            inFlight.add(goesAsMade(guard.decide(renewal(id))));
        }
        inFlight.forEach(e -> answer(e, 403));

        assertEquals(3, wouldBe().bansSeen());
        assertEquals(1, wouldBe().killSwitchTrips(), "the later answers lengthen the trip the first one made");
        assertEquals(0, wouldBe().killSwitchRefusals(), "all three were on their way before the trip");
    }

    @Test
    void aTokenRequestWithoutAReadableBodyGoesAndIsInNoWouldBeClass() {
        observing(TestCarriers.fedex().build());
        OutboundRequest streamed = new OutboundRequest("POST", TestCarriers.FEDEX_TOKEN_URL, HttpHeaders.EMPTY, null);

        goesAsMade(guard.decide(streamed));

        assertEquals(1, wouldBe().tokenRequests());
        assertEquals(0, wouldBe().wouldCall() + wouldBe().suppressed() + wouldBe().coalesced() + wouldBe().heldBack());
    }

    @Test
    void apiCallsGetNoBearerEvenWhereEnforceWouldAttachOne() {
        observing(TestCarriers.fedex().credentials("configured", "configured-secret").attach(Attach.ALWAYS).build());

        answer(goesAsMade(guard.decide(Requests.fedexApi(null))), 200);
        answer(goesAsMade(guard.decide(Requests.fedexApi("apps-own-token"))), 401);

        assertEquals(0, carrier.calls(), "no token call to attach one");
        assertEquals(0, guard.carrier("fedex").orElseThrow().stats().replayed());
    }

    @Test
    void policiesCountInShadowAndRefuseNothing() {
        observing(TestCarriers.fedex().build(),
                TestPolicies.policy("quota").carrier("fedex").requests(1, Duration.ofSeconds(10)).maxWait(Duration.ZERO).build());

        for (int i = 0; i < 3; i++) {
            answer(goesAsMade(guard.decide(Requests.fedexApi("apps-own-token"))), 200);
        }

        assertEquals(2, guard.policies().stream().filter(p -> p.name().equals("quota")).findFirst().orElseThrow()
                .stats().shadowRefused());
    }

    @Test
    void aBlockIsCountedAsAWouldBeRefusal() {
        observing(TestCarriers.fedex().build());
        guard.blocks().block(new BlockSpec("fedex", null, null, null, Duration.ofMinutes(5), "test"));

        goesAsMade(guard.decide(Requests.fedexApi("apps-own-token")));

        assertEquals(1, wouldBe().policyRefusals());
    }

    @Test
    void switchingToEnforceMidStormAnswersTheNextRenewalsWithOneCall() {
        observing(TestCarriers.fedex().unlimited().build());
        Exchange inFlight = goesAsMade(guard.decide(renewal("shop")));
        goesAsMade(guard.decide(renewal("shop")));

        assertTrue(guard.switchMode(GuardMode.ENFORCE, "a test"));
        for (int i = 0; i < 20; i++) {
            assertInstanceOf(Decision.Answer.class, guard.decide(renewal("shop")));
        }
        answer(inFlight, 200);

        assertEquals(1, carrier.calls(), "the learned credential renewed once, the rest from the cache");
        assertEquals(19, guard.carrier("fedex").orElseThrow().stats().suppressedRenewals());
        assertEquals(2, wouldBe().tokenRequests(), "nothing is counted as would-be once enforcing");
        assertEquals(1, log.messages(Level.WARN).stream().filter(m -> m.contains("mode observe -> enforce (a test)")).count());
    }

    @Test
    void switchingToObserveLetsTheNextCallsGoAsMade() {
        observing(TestCarriers.fedex().build());
        guard.switchMode(GuardMode.ENFORCE, "a test");
        assertInstanceOf(Decision.Answer.class, guard.decide(renewal("shop")));

        assertTrue(guard.switchMode(GuardMode.OBSERVE, "a test"));
        assertFalse(guard.switchMode(GuardMode.OBSERVE, "a test"), "no change, no line");
        goesAsMade(guard.decide(renewal("shop")));

        assertEquals(1, wouldBe().suppressed(), "enforce's own cached token would have answered it");
        assertEquals(1, log.messages(Level.WARN).stream().filter(m -> m.contains("mode enforce -> observe")).count());
    }

    @Test
    void aReloadSwitchesOnlyWhenTheFilesModeChanged() {
        Tokenguard g = observing(TestCarriers.fedex().build());
        TokenguardConfig observeFile = new TokenguardConfig(List.of(TestCarriers.fedex().build()), "info", null,
                TokenguardConfig.OnConfigError.PASS, "test", StoreLocation.LOCAL, null,
                TokenguardConfig.DEFAULT_EXPECTED_INSTANCES, List.of(), null, GuardMode.OBSERVE);
        g.switchMode(GuardMode.ENFORCE, "JMX");

        assertFalse(g.reload(observeFile).contains("tokenguard.mode: observe"));
        assertEquals(GuardMode.ENFORCE, g.mode(), "the file did not change its line: JMX's switch stands");

        TokenguardConfig enforceFile = new TokenguardConfig(List.of(TestCarriers.fedex().build()), "info", null,
                TokenguardConfig.OnConfigError.PASS, "test");
        g.reload(enforceFile);
        assertEquals(List.of("tokenguard.mode: observe"), g.reload(observeFile));
        assertEquals(GuardMode.OBSERVE, g.mode());
    }

    @Test
    void theSummaryLineHoldsCountsOnly() {
        observing(TestCarriers.fedex().build());
        answer(goesAsMade(guard.decide(renewal("shop"))), 200);
        clock.advance(Duration.ofSeconds(11));
        goesAsMade(guard.decide(renewal("shop")));

        String line = log.messages(Level.INFO).stream().filter(m -> m.contains("(observe)")).findFirst().orElseThrow();
        assertTrue(line.contains("2 token calls went out; enforce would have made 1, suppressed 1"), line);
        assertFalse(log.allText().contains("secret-shop"), "no secret in the log");
    }
}
