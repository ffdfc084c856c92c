package dev.tokenguard.core.guard;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tokenguard.core.config.TokenguardConfig;
import dev.tokenguard.core.http.Decision;
import dev.tokenguard.core.http.SyntheticResponse;
import dev.tokenguard.core.testing.CapturingLogger;
import dev.tokenguard.core.testing.FakeCarrier;
import dev.tokenguard.core.testing.ManualClock;
import dev.tokenguard.core.testing.Requests;
import dev.tokenguard.core.testing.TestCarriers;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.slf4j.event.Level;

/** Issue 10: the guard is built by the first carrier request, and a failed build fails safe. */
class LazyTokenguardTest {
    private static final TokenguardConfig CONFIG = new TokenguardConfig(List.of(TestCarriers.fedex().unlimited().build()),
            "info", null, TokenguardConfig.OnConfigError.PASS, "test");

    private final AtomicInteger builds = new AtomicInteger();
    private final CapturingLogger log = new CapturingLogger(Level.INFO);

    private LazyTokenguard lazy(Supplier<Tokenguard> build) {
        return new LazyTokenguard(CONFIG, () -> {
            builds.incrementAndGet();
            return build.get();
        }, () -> log);
    }

    private static Tokenguard realGuard() {
        ManualClock clock = new ManualClock();
        return Tokenguard.builder(CONFIG).transport(new FakeCarrier(clock, FakeCarrier.Shape.FEDEX, 3600))
                .timeSource(clock).executor(Runnable::run).logger(new CapturingLogger(Level.INFO)).build();
    }

    @Test
    void otherTrafficPassesWithoutBuildingTheGuard() {
        try (LazyTokenguard guard = lazy(LazyTokenguardTest::realGuard)) {
            assertSame(Decision.PASS, guard.decide(Requests.api("https://example.org/orders", null)));
            assertSame(Decision.PASS, guard.decideWithoutBlocking(Requests.api("https://example.org/orders", null)));
            assertTrue(guard.isCarrierHost("apis.fedex.com", 443));
            assertEquals(0, builds.get());
        }
    }

    @Test
    void theFirstCarrierRequestBuildsTheGuardOnceAndItDecides() {
        try (LazyTokenguard guard = lazy(LazyTokenguardTest::realGuard)) {
            assertInstanceOf(Decision.Proceed.class, guard.decide(Requests.fedexApi("app-token")));
            assertInstanceOf(Decision.Proceed.class, guard.decideWithoutBlocking(Requests.fedexApi("app-token")));
            assertEquals(1, builds.get());
        }
    }

    @Test
    void askingForTheCarriersBuildsTheGuard() {
        try (LazyTokenguard guard = lazy(LazyTokenguardTest::realGuard)) {
            assertEquals(List.of("fedex"), guard.carriers().stream().map(CarrierControl::id).toList());
            assertEquals(1, builds.get());
        }
    }

    @Test
    void aGuardThatFailsToBuildRefusesCarrierRequestsAndSaysSoOnceAtError() {
        try (LazyTokenguard guard = lazy(() -> {
            throw new IllegalStateException("no store");
        })) {
            for (int i = 0; i < 2; i++) {
                SyntheticResponse refusal = Requests.answer(guard.decide(Requests.fedexApi("app-token")));
                assertEquals(503, refusal.status());
                assertEquals(LazyTokenguard.NOT_STARTED, refusal.headers().first("X-Tokenguard"));
            }
            assertInstanceOf(Decision.Answer.class, guard.decideWithoutBlocking(Requests.fedexApi("app-token")));
            assertSame(Decision.PASS, guard.decide(Requests.api("https://example.org/orders", null)));
            assertEquals(List.of(), guard.carriers());
            assertEquals(1, builds.get());
            assertEquals(1, log.messages(Level.ERROR).size(), log.allText());
        }
    }

    /** Needs the policy engine, whose {@code Tokenguard} implements {@code PolicyAdmin}: fails before it merges. */
    @Test
    void askingForThePoliciesBuildsTheGuardAndTheAdminIsTheBuiltGuard() {
        Tokenguard[] built = new Tokenguard[1];
        try (LazyTokenguard guard = lazy(() -> built[0] = realGuard())) {
            assertEquals(List.of(), guard.policies(), "the configuration has none");
            assertEquals(1, builds.get());
            assertSame(built[0], guard.admin());
        }
    }

    @Test
    void aGuardThatFailsToBuildHasNoPoliciesAndCannotBlockOrReload() {
        try (LazyTokenguard guard = lazy(() -> {
            throw new IllegalStateException("no store");
        })) {
            assertEquals(List.of(), guard.policies());
            assertEquals(LazyTokenguard.NOT_STARTED, assertThrows(IllegalStateException.class, guard::blocks).getMessage());
            assertEquals(LazyTokenguard.NOT_STARTED,
                    assertThrows(IllegalStateException.class, () -> guard.reload(CONFIG)).getMessage());
            assertEquals(1, builds.get());
        }
    }
}
