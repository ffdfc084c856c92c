package dev.tokenguard.agent.jdkhttp;

import static dev.tokenguard.agent.ScriptedGuard.proceedWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tokenguard.agent.RawCarrierFixture;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.Test;

/** A fault of tokenguard's own never surfaces as the client's: the call goes on as without it. */
class JdkHttpClientFaultTest extends RawCarrierFixture {

    private final HttpClient client = new ClientWithoutShadow(
            HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).followRedirects(HttpClient.Redirect.NORMAL).build());

    @Test
    void shadowThatCannotBeBuiltLetsTheCallGoAsWithoutTokenguard() throws Exception {
        guard.decide(request -> proceedWith("api", "Authorization", "Bearer fresh"));

        Object response = JdkHttpClientHandler.send(client, get("/track"), BodyHandlers.ofString());

        assertEquals(200, ((HttpResponse<?>) response).statusCode());
        assertEquals(1, carrier.received().size());
        assertTrue(guard.decided.isEmpty(), "nothing is decided for a call tokenguard cannot follow");
    }

    @Test
    void asyncShadowThatCannotBeBuiltLetsTheCallGoAsWithoutTokenguard() throws Exception {
        guard.decide(request -> proceedWith("api", "Authorization", "Bearer fresh"));

        Object response = JdkHttpClientHandler.sendAsync(client, get("/track"), BodyHandlers.ofString(), null);

        assertEquals(200, ((CompletableFuture<?>) response).thenApply(r -> ((HttpResponse<?>) r).statusCode())
                .get(30, TimeUnit.SECONDS));
        assertEquals(1, carrier.received().size());
        assertTrue(guard.decided.isEmpty());
    }

    private HttpRequest get(String path) {
        return HttpRequest.newBuilder(URI.create(carrier.url(path))).build();
    }

    /**
     * A client whose settings cannot be read, as on a JDK where a getter the shadow copies is
     * missing; it sends through a real one.
     */
    private static final class ClientWithoutShadow extends ForwardingHttpClient {
        ClientWithoutShadow(HttpClient real) {
            super(real);
        }

        @Override
        public SSLContext sslContext() {
            throw new NoSuchMethodError("HttpClient.sslContext");
        }
    }
}
