package dev.tokenguard.core.policy;

import static dev.tokenguard.core.policy.Engines.get;
import static dev.tokenguard.core.policy.Engines.headers;
import static dev.tokenguard.core.testing.TestPolicies.policy;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tokenguard.core.config.PolicyConfig;
import dev.tokenguard.core.http.OutboundRequest;
import dev.tokenguard.core.testing.Eventually;
import java.net.URI;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** What per selects, how many counters a policy keeps, an interrupted wait, and describe(). */
class CountersAndWaitsTest {

    private static OutboundRequest call(String pathAndQuery, String tenant) {
        return new OutboundRequest("GET", URI.create("https://apis.fedex.com" + pathAndQuery),
                tenant == null ? headers() : headers("X-Tenant", tenant), null);
    }

    private static PolicyConfig onePerSecond(PolicyConfig.Per per) {
        return policy("p").per(per).requests(1, Duration.ofSeconds(1)).maxWait(Duration.ZERO).build();
    }

    @Test
    void perHeaderCountsEachValueAndCallsWithoutTheHeaderTogether() {
        try (Engines e = new Engines(onePerSecond(new PolicyConfig.Per.Header("x-tenant")))) {
            assertInstanceOf(PolicyPass.class, e.admit(call("/a", "a")));
            assertInstanceOf(PolicyRefusal.class, e.admit(call("/a", "a")));
            assertInstanceOf(PolicyPass.class, e.admit(call("/a", "b")));
            assertInstanceOf(PolicyPass.class, e.admit(call("/a", null)));
            assertInstanceOf(PolicyRefusal.class, e.admit(call("/b", null)));
        }
    }

    @Test
    void perQueryCountsEachValueOfTheParameter() {
        try (Engines e = new Engines(onePerSecond(new PolicyConfig.Per.Query("account")))) {
            assertInstanceOf(PolicyPass.class, e.admit(call("/a?x=1&account=7", null)));
            assertInstanceOf(PolicyRefusal.class, e.admit(call("/a?account=7", null)));
            assertInstanceOf(PolicyPass.class, e.admit(call("/a?account=8&x=1", null)));
            assertInstanceOf(PolicyPass.class, e.admit(call("/a?accounts=7", null)), "another parameter: no value");
        }
    }

    @Test
    void perPathCountsEachApiProduct() {
        try (Engines e = new Engines(onePerSecond(new PolicyConfig.Per.PathPrefix(2)))) {
            assertInstanceOf(PolicyPass.class, e.admit(get("/prices/v3/total-rates/search")));
            assertInstanceOf(PolicyRefusal.class, e.admit(get("/prices/v3/base-rates/search")));
            assertInstanceOf(PolicyPass.class, e.admit(get("/addresses/v3/address")));
        }
    }

    @Test
    void keysBeyondTheMostAPolicyKeepsShareOneCounter() {
        try (Engines e = new Engines(policy("p").per(new PolicyConfig.Per.Header("x-tenant"))
                .requests(2, Duration.ofSeconds(1)).maxWait(Duration.ZERO).build())) {
            for (int i = 0; i < Policy.MAX_COUNTERS; i++) {
                assertInstanceOf(PolicyPass.class, e.admit(call("/a", "t" + i)));
            }
            assertInstanceOf(PolicyPass.class, e.admit(call("/a", "new-1")));
            assertInstanceOf(PolicyPass.class, e.admit(call("/a", "new-2")));
            assertInstanceOf(PolicyRefusal.class, e.admit(call("/a", "new-3")), "the overflow counter is full");
        }
    }

    @Test
    void anInterruptedWaiterIsRefusedKeepsItsInterruptAndLeavesTheQueue() throws Exception {
        try (Engines e = new Engines(policy("cap").inFlight(1).maxWait(Duration.ofSeconds(30)).build())) {
            PolicyPass running = assertInstanceOf(PolicyPass.class, e.admit(get("/a")));
            Waiting w = assertInstanceOf(Waiting.class, e.admit(get("/a")));
            CompletableFuture<Verdict> verdict = new CompletableFuture<>();
            CompletableFuture<Boolean> interrupted = new CompletableFuture<>();
            Thread waiter = new Thread(() -> {
                verdict.complete(e.fedex.await(w));
                interrupted.complete(Thread.currentThread().isInterrupted());
            });
            waiter.start();
            Eventually.until("the caller waits", Duration.ofSeconds(30), () -> e.clock.waiting() == 1, () -> "not waiting");

            waiter.interrupt();

            PolicyRefusal r = assertInstanceOf(PolicyRefusal.class, verdict.get(30, TimeUnit.SECONDS));
            assertEquals(PolicyRefusal.Kind.INTERRUPTED, r.kind());
            assertTrue(interrupted.get(30, TimeUnit.SECONDS), "the interrupt is kept");
            e.fedex.release(running);
            assertEquals(0, e.stats("cap").inFlight(), "nobody was left in the queue to take the place");
            assertFalse(w.queued);
        }
    }

    @Test
    void describeSaysThePolicyAsTheFileWould() {
        try (Engines e = new Engines(policy("ship").methods("POST").paths("/ship/**").header("x-tenant", "a")
                .per(PolicyConfig.Per.CREDENTIAL).requests(1400, Duration.ofSeconds(10)).requests(100_000, Duration.ofDays(1))
                .inFlight(20).maxWait(Duration.ofSeconds(3)).shadow().build())) {
            assertEquals("carrier=fedex when.method=POST when.path=/ship/** when.header.x-tenant=a per=credential "
                    + "requests=1400/10s,100000/24h in-flight=20 max-wait=3s scope=cluster sync=async mode=shadow",
                    e.engine.policies().get(0).describe());
        }
    }
}
