package dev.tokenguard.agent.jdkhttp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.ref.WeakReference;
import java.net.http.HttpClient;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

class ShadowClientsTest {

    @Test
    void aShadowIsBuiltOncePerApplicationClient() {
        HttpClient a = HttpClient.newHttpClient();
        HttpClient b = HttpClient.newHttpClient();

        HttpClient shadowOfA = ShadowClients.of(a);

        assertSame(shadowOfA, ShadowClients.of(a));
        assertNotSame(shadowOfA, ShadowClients.of(b));
        assertEquals(HttpClient.Redirect.NEVER, shadowOfA.followRedirects());
    }

    @Test
    @Timeout(60)
    void aShadowIsLetGoOnceItsApplicationClientIsGone() throws InterruptedException {
        WeakReference<HttpClient> shadow = shadowOfAClientLetGo();

        // No lookup in between: nothing but the collection of the application's client lets it go.
        while (shadow.get() != null) {
            System.gc();
            Thread.sleep(20);
        }
    }

    @Test
    void atMostTheBoundOfShadowsIsHeld() {
        List<HttpClient> clients = new ArrayList<>();
        for (int i = 0; i <= ShadowClients.MAX_SHADOWS; i++) {
            HttpClient client = HttpClient.newHttpClient();
            clients.add(client);
            ShadowClients.of(client);
        }

        assertTrue(ShadowClients.held() <= ShadowClients.MAX_SHADOWS);
        assertSame(ShadowClients.of(clients.get(clients.size() - 1)), ShadowClients.of(clients.get(clients.size() - 1)));
    }

    private static WeakReference<HttpClient> shadowOfAClientLetGo() {
        return new WeakReference<>(ShadowClients.of(HttpClient.newHttpClient()));
    }

    /** The lookup of a known client must not wait while another client's shadow is being built. */
    @Test
    @Timeout(20)
    void lookingUpAKnownClientTakesNoLockWhileAnotherShadowIsBuilt() throws Exception {
        HttpClient known = HttpClient.newHttpClient();
        HttpClient knownShadow = ShadowClients.of(known);
        CountDownLatch building = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        SlowClient slow = new SlowClient(building, release);
        Thread builder = new Thread(() -> ShadowClients.of(slow));
        builder.start();
        try {
            assertEquals(true, building.await(5, TimeUnit.SECONDS));

            CompletableFuture<HttpClient> lookup = CompletableFuture.supplyAsync(() -> ShadowClients.of(known));

            assertSame(knownShadow, lookup.get(5, TimeUnit.SECONDS));
        } finally {
            release.countDown();
            builder.join();
        }
        // Concurrent callers for the same client share the one shadow.
        assertSame(ShadowClients.of(slow), ShadowClients.of(slow));
        assertEquals(1, slow.mirrored.get());
    }

    /** A client whose settings are read slowly, as the shadow is built from them. */
    private static final class SlowClient extends ForwardingHttpClient {
        private final CountDownLatch building;
        private final CountDownLatch release;
        final AtomicInteger mirrored = new AtomicInteger();

        SlowClient(CountDownLatch building, CountDownLatch release) {
            super(HttpClient.newHttpClient());
            this.building = building;
            this.release = release;
        }

        @Override
        public SSLContext sslContext() {
            mirrored.incrementAndGet();
            building.countDown();
            try {
                release.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return real.sslContext();
        }
    }
}
