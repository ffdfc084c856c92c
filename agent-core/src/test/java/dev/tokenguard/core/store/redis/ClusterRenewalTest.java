package dev.tokenguard.core.store.redis;

import static dev.tokenguard.core.testing.Requests.accessToken;
import static dev.tokenguard.core.testing.Requests.fedexToken;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tokenguard.core.broker.Fingerprints;
import dev.tokenguard.core.config.CarrierConfig;
import dev.tokenguard.core.events.CarrierStats;
import dev.tokenguard.core.events.RefusalReason;
import dev.tokenguard.core.http.SyntheticResponse;
import dev.tokenguard.core.testing.ClusterNode;
import dev.tokenguard.core.testing.Eventually;
import dev.tokenguard.core.testing.FakeCarrier;
import dev.tokenguard.core.testing.ManualClock;
import dev.tokenguard.core.testing.RedisServerProcess;
import dev.tokenguard.core.testing.Requests;
import dev.tokenguard.core.testing.TestCarriers;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Two instances sharing one Redis renew each credential once, and serve the one token. */
class ClusterRenewalTest {
    private static RedisServerProcess redis;
    private static final CarrierConfig FEDEX = TestCarriers.fedex().tokenWait(Duration.ofSeconds(5)).build();

    @BeforeAll
    static void startRedis() throws Exception {
        redis = RedisServerProcess.start();
    }

    @AfterAll
    static void stopRedis() throws Exception {
        redis.close();
    }

    @BeforeEach
    void emptyRedis() {
        redis.with(jedis -> jedis.flushAll());
    }

    private static FakeCarrier carrier() {
        return new FakeCarrier(new ManualClock(), FakeCarrier.Shape.FEDEX, 3600);
    }

    @Test
    void theSecondInstanceServesTheFirstInstancesTokenWithoutACall() {
        FakeCarrier carrier = carrier();
        try (ClusterNode a = new ClusterNode(redis, carrier, FEDEX); ClusterNode b = new ClusterNode(redis, carrier, FEDEX)) {
            String first = accessToken(a.decide(fedexToken("id", "secret")));
            String second = accessToken(b.decide(fedexToken("id", "secret")));

            assertEquals(first, second);
            assertEquals(1, carrier.calls());
            assertEquals(1, b.control("fedex").stats().adoptedTokens());
            assertEquals(0, b.control("fedex").stats().realTokenCalls());
        }
    }

    @Test
    void concurrentRenewalsOnTwoInstancesMakeOneCall() throws Exception {
        FakeCarrier carrier = carrier().hold();
        ExecutorService callers = Executors.newFixedThreadPool(40);
        try (ClusterNode a = new ClusterNode(redis, carrier, FEDEX); ClusterNode b = new ClusterNode(redis, carrier, FEDEX)) {
            List<Future<String>> tokens = new ArrayList<>();
            for (int i = 0; i < 40; i++) {
                ClusterNode node = i % 2 == 0 ? a : b;
                tokens.add(callers.submit((Callable<String>) () -> accessToken(node.decide(fedexToken("id", "secret")))));
            }
            Eventually.until("the lease holder's call reaches the carrier", Duration.ofSeconds(5),
                    () -> carrier.calls() == 1, () -> carrier.calls() + " calls");
            Thread.sleep(300); // everyone else is waiting now: in its own JVM, or for the other instance
            carrier.release();

            Set<String> served = ConcurrentHashMap.newKeySet();
            for (Future<String> token : tokens) {
                served.add(token.get(10, TimeUnit.SECONDS));
            }
            assertEquals(1, carrier.calls());
            assertEquals(1, served.size(), served.toString());
        } finally {
            callers.shutdownNow();
        }
    }

    @Test
    void anInstanceWaitsForAnotherInstancesSlowCallPastTokenWait() throws Exception {
        CarrierConfig twoSecondWait = TestCarriers.fedex().tokenWait(Duration.ofSeconds(2)).build();
        FakeCarrier slow = carrier().hold();
        ExecutorService callers = Executors.newFixedThreadPool(2);
        try (ClusterNode a = new ClusterNode(redis, slow, twoSecondWait);
                ClusterNode b = new ClusterNode(redis, slow, twoSecondWait)) {
            Future<String> onA = callers.submit(() -> accessToken(a.decide(fedexToken("id", "secret"))));
            Eventually.until("a's call reaches the carrier", Duration.ofSeconds(10), () -> slow.calls() == 1, () -> "no call");
            long start = System.nanoTime();
            Future<String> onB = callers.submit(() -> accessToken(b.decide(fedexToken("id", "secret"))));

            // The behaviour under test is time passing: b is still waiting once token-wait is over.
            Eventually.until("token-wait is over for b", Duration.ofSeconds(30),
                    () -> System.nanoTime() - start > TimeUnit.MILLISECONDS.toNanos(2_500) || onB.isDone(), () -> "");
            assertFalse(onB.isDone(), "b gave up while a's call was in flight");
            slow.release();

            assertEquals(onA.get(10, TimeUnit.SECONDS), onB.get(10, TimeUnit.SECONDS));
            assertEquals(1, slow.calls());
        } finally {
            callers.shutdownNow();
        }
    }

    @Test
    void anInstanceWaitingForAnotherInstancesCallPastTheLongestItTakesCountsRenewalWait() throws Exception {
        // Lease wait: token-wait 100 ms + token-timeout 500 ms + one poll; a's call ignores its timeout.
        CarrierConfig shortWait = TestCarriers.fedex().tokenWait(Duration.ofMillis(100))
                .tokenTimeout(Duration.ofMillis(500)).build();
        FakeCarrier hung = carrier().hold();
        ExecutorService callers = Executors.newFixedThreadPool(1);
        try (ClusterNode a = new ClusterNode(redis, hung, shortWait);
                ClusterNode b = new ClusterNode(redis, hung, shortWait)) {
            Future<String> onA = callers.submit(() -> accessToken(a.decide(fedexToken("id", "secret"))));
            Eventually.until("a's call reaches the carrier", Duration.ofSeconds(10), () -> hung.calls() == 1,
                    () -> "no call");

            SyntheticResponse refusal = Requests.answer(b.decide(fedexToken("id", "secret")));

            assertEquals("renewal of fedex in flight on another instance", refusal.headers().first("X-Tokenguard"));
            CarrierStats stats = b.control("fedex").stats();
            assertEquals(1, stats.refused(RefusalReason.RENEWAL_WAIT), stats.refusedByReasonText());
            assertEquals(1, stats.refused());
            hung.release();
            onA.get(10, TimeUnit.SECONDS);
            assertEquals(1, hung.calls());
        } finally {
            callers.shutdownNow();
        }
    }

    @Test
    void aTokenRenewedOnOneInstanceReachesTheOtherWithoutARequest() {
        FakeCarrier carrier = carrier();
        try (ClusterNode a = new ClusterNode(redis, carrier, FEDEX); ClusterNode b = new ClusterNode(redis, carrier, FEDEX)) {
            a.decide(fedexToken("id", "secret"));
            b.decide(fedexToken("id", "secret"));
            a.control("fedex").invalidateTokens();

            String renewed = accessToken(a.decide(fedexToken("id", "secret")));

            Eventually.until("the other instance holds the new token", Duration.ofSeconds(1),
                    () -> Fingerprints.of(renewed).equals(b.control("fedex").currentTokenFingerprint()),
                    () -> b.control("fedex").currentTokenFingerprint());
            assertEquals(2, carrier.calls());
        }
    }

    @Test
    void aDeadHoldersLeaseExpiresAndAnotherInstanceRenews() throws Exception {
        FakeCarrier hung = carrier().thenToken("token-of-the-dead", 3600).hold();
        FakeCarrier alive = carrier().thenToken("token-of-the-living", 3600);
        Duration lease = Duration.ofMillis(600);
        ExecutorService callers = Executors.newSingleThreadExecutor();
        try (ClusterNode b = new ClusterNode(redis, alive, lease, FEDEX)) {
            ClusterNode a = new ClusterNode(redis, hung, lease, FEDEX);
            callers.submit(() -> a.decide(fedexToken("id", "secret")));
            Eventually.until("the holder calls", Duration.ofSeconds(5), () -> hung.calls() == 1, () -> "no call");
            a.store.close(); // dies: its lease is kept alive no more

            long start = System.nanoTime();
            String token = accessToken(b.decide(fedexToken("id", "secret")));
            long waitedMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);

            assertEquals("token-of-the-living", token);
            assertEquals(1, alive.calls());
            assertTrue(waitedMillis >= 300, "waited for the lease to expire: " + waitedMillis + " ms");
            hung.release();
            a.guard.close();
        } finally {
            callers.shutdownNow();
        }
    }
}
