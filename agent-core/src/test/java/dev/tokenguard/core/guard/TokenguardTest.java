package dev.tokenguard.core.guard;

import static dev.tokenguard.core.testing.Requests.answer;
import dev.tokenguard.core.http.RequestGuard;
import static dev.tokenguard.core.testing.Requests.fedexApi;
import static dev.tokenguard.core.testing.Requests.fedexToken;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tokenguard.core.config.TokenguardConfig;
import dev.tokenguard.core.events.CarrierStats;
import dev.tokenguard.core.events.RefusalReason;
import dev.tokenguard.core.http.AfterResponse;
import dev.tokenguard.core.http.Decision;
import dev.tokenguard.core.http.Exchange;
import dev.tokenguard.core.http.HttpHeaders;
import dev.tokenguard.core.http.OutboundRequest;
import dev.tokenguard.core.testing.CapturingLogger;
import dev.tokenguard.core.testing.FakeCarrier;
import dev.tokenguard.core.testing.ManualClock;
import dev.tokenguard.core.testing.Requests;
import dev.tokenguard.core.testing.TestCarriers;
import dev.tokenguard.core.time.TimeSource;
import java.net.URI;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.Test;
import org.slf4j.event.Level;

class TokenguardTest {

    private static Tokenguard guard(TimeSource time, CapturingLogger log) {
        TokenguardConfig config = new TokenguardConfig(List.of(
                TestCarriers.fedex().apiHosts("apis.fedex.com", "apis-sandbox.fedex.com:8443").build(),
                TestCarriers.ups().apiHosts("wwwcie.ups.com").build()), "info", null, TokenguardConfig.OnConfigError.PASS, "test");
        return Tokenguard.builder(config).transport(new FakeCarrier(new ManualClock(), FakeCarrier.Shape.FEDEX, 3600))
                .timeSource(time).executor(Runnable::run).logger(log).build();
    }

    @Test
    void carrierHostsMatchTheirPortsAndTokenHostsAreCarrierHostsToo() {
        try (Tokenguard g = guard(new ManualClock(), new CapturingLogger(Level.INFO))) {
            assertTrue(g.isCarrierHost("apis.fedex.com", 443));
            assertFalse(g.isCarrierHost("apis.fedex.com", 80), "plain HTTP: a bearer never travels in clear text");
            assertTrue(g.isCarrierHost("APIS.FedEx.com", 443));
            assertFalse(g.isCarrierHost("apis.fedex.com", 8443));
            assertTrue(g.isCarrierHost("apis-sandbox.fedex.com", 8443));
            assertFalse(g.isCarrierHost("apis-sandbox.fedex.com", 443));
            assertTrue(g.isCarrierHost("onlinetools.ups.com", 443), "UPS's token host");
            assertTrue(g.isCarrierHost("wwwcie.ups.com", 443));
            assertFalse(g.isCarrierHost("example.com", 443));
            assertFalse(g.isCarrierHost(null, 443));
        }
    }

    @Test
    void otherTrafficPassesUntouched() {
        try (Tokenguard g = guard(new ManualClock(), new CapturingLogger(Level.INFO))) {
            assertSame(Decision.PASS, g.decide(Requests.api("https://example.com/oauth/token", null)));
            assertSame(Decision.PASS, g.decide(Requests.api("https://apis.fedex.com:8443/rate", null)));
        }
    }

    @Test
    void onlyAPostToTheTokenPathIsATokenRequest() {
        try (Tokenguard g = guard(new ManualClock(), new CapturingLogger(Level.INFO))) {
            assertInstanceOf(Decision.Answer.class, g.decide(fedexToken("id", "secret")));
            OutboundRequest withSlash = new OutboundRequest("POST", URI.create("https://apis.fedex.com/oauth/token/?x=1"),
                    fedexToken("id", "secret").headers(), fedexToken("id", "secret").body());
            assertInstanceOf(Decision.Answer.class, g.decide(withSlash));
            OutboundRequest get = new OutboundRequest("GET", URI.create("https://apis.fedex.com/oauth/token"), HttpHeaders.EMPTY, null);
            assertInstanceOf(Decision.Proceed.class, g.decide(get));
        }
    }

    @Test
    void anUnexpectedFaultPassesAnApiRequestRefusesATokenRequestAndIsLoggedOnce() {
        FailingClock clock = new FailingClock();
        CapturingLogger log = new CapturingLogger(Level.INFO);
        try (Tokenguard g = guard(clock, log)) {
            String token = Requests.accessToken(g.decide(fedexToken("id", "secret")));
            clock.failing = true;

            assertSame(Decision.PASS, g.decide(fedexApi(token)));
            assertEquals(503, answer(g.decide(fedexToken("id", "secret"))).status());
            assertEquals(1, log.messages(Level.ERROR).size());
            assertEquals(2, g.carrier("fedex").orElseThrow().stats().internalErrors());
            clock.failing = false;
        }
    }

    @Test
    void anUnexpectedFaultOnATokenRequestCountsAsAnInternalErrorRefusal() {
        FailingClock clock = new FailingClock();
        try (Tokenguard g = guard(clock, new CapturingLogger(Level.INFO))) {
            clock.failing = true;
            String reason = answer(g.decide(fedexToken("id", "secret"))).headers().first("X-Tokenguard");
            clock.failing = false;

            assertEquals("internal error in tokenguard; see its log", reason);
            CarrierStats stats = g.carrier("fedex").orElseThrow().stats();
            assertEquals(1, stats.refused(RefusalReason.INTERNAL_ERROR), stats.refusedByReasonText());
            assertEquals(1, stats.refused());
        }
    }

    @Test
    void aRenewalExecutorThatRejectsTheRenewalCountsOther() throws Exception {
        TokenguardConfig config = new TokenguardConfig(List.of(TestCarriers.fedex().build()), "info", null,
                TokenguardConfig.OnConfigError.PASS, "test");
        ManualClock clock = new ManualClock();
        try (Tokenguard g = Tokenguard.builder(config).transport(new FakeCarrier(clock, FakeCarrier.Shape.FEDEX, 3600))
                .timeSource(clock).executor(task -> {
                    throw new RejectedExecutionException("queue full");
                }).logger(new CapturingLogger(Level.INFO)).build()) {
            Decision.Later later = assertInstanceOf(Decision.Later.class,
                    g.decideWithoutBlocking(fedexToken("id", "secret")));
            Decision decided = later.decision().toCompletableFuture().get(30, TimeUnit.SECONDS);

            assertEquals("renewal executor of fedex is busy", answer(decided).headers().first("X-Tokenguard"));
            CarrierStats stats = g.carrier("fedex").orElseThrow().stats();
            assertEquals(1, stats.refused(RefusalReason.OTHER), stats.refusedByReasonText());
            assertEquals(1, stats.refused());
        }
    }

    @Test
    void anExchangeFromElsewhereIsDoneWith() {
        try (Tokenguard g = guard(new ManualClock(), new CapturingLogger(Level.INFO))) {
            assertSame(AfterResponse.DONE, g.onResponse(new Exchange() { }, 401, HttpHeaders.EMPTY, RequestGuard.Replays.AFTER_RENEWAL));
            g.onFailure(new Exchange() { }, new RuntimeException());
        }
    }

    @Test
    void theCarriersAreListedForJmxInConfigurationOrder() {
        try (Tokenguard g = guard(new ManualClock(), new CapturingLogger(Level.INFO))) {
            assertEquals(List.of("fedex", "ups"), g.carriers().stream().map(CarrierControl::id).toList());
            CarrierControl fedex = g.carrier("fedex").orElseThrow();
            assertEquals(null, fedex.currentTokenFingerprint());
            assertEquals(-1, fedex.currentTokenExpiresInSeconds());
            g.decide(fedexToken("id", "secret"));
            assertEquals(8, fedex.currentTokenFingerprint().length());
            assertEquals(3600, fedex.currentTokenExpiresInSeconds());
            assertEquals(1, fedex.credentials());
            assertEquals(1, fedex.invalidateTokens());
            assertEquals(null, fedex.currentTokenFingerprint());
        }
    }

    /** A clock that starts throwing on demand: the stand-in for any bug inside a decision. */
    private static final class FailingClock implements TimeSource {
        private final ManualClock clock = new ManualClock();
        volatile boolean failing;

        @Override
        public long nanoTime() {
            if (failing) {
                throw new IllegalStateException("clock broke");
            }
            return clock.nanoTime();
        }

        @Override
        public long currentTimeMillis() {
            return clock.currentTimeMillis();
        }

        @Override
        public void sleep(long nanos) {
            clock.sleep(nanos);
        }

        @Override
        public <T> T await(CompletableFuture<T> future, long timeoutNanos) throws InterruptedException, TimeoutException {
            return clock.await(future, timeoutNanos);
        }
    }
}
