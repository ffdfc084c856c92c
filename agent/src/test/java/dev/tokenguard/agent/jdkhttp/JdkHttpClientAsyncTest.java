package dev.tokenguard.agent.jdkhttp;

import static dev.tokenguard.agent.ScriptedGuard.proceedWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tokenguard.agent.RawCarrierFixture;
import dev.tokenguard.agent.library.GuardScripts;
import dev.tokenguard.core.http.Decision;
import dev.tokenguard.core.http.HttpHeaders;
import dev.tokenguard.core.http.SyntheticResponse;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** {@code sendAsync} never waits on its caller's thread, and never sends a request tokenguard answered. */
class JdkHttpClientAsyncTest extends RawCarrierFixture {

    private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private final CompletableFuture<Decision> later = new CompletableFuture<>();

    @Test
    void sendAsyncReturnsBeforeADecisionThatComesLaterAndSendsWhenItComes() throws Exception {
        guard.decide(request -> new Decision.Later(later));

        CompletableFuture<HttpResponse<String>> response = sendAsyncFromAnotherThread(get("/track"));

        assertFalse(response.isDone());
        assertTrue(carrier.received().isEmpty());
        later.complete(proceedWith("api", "Authorization", "Bearer fresh"));
        assertEquals(200, response.get(30, TimeUnit.SECONDS).statusCode());
        assertEquals("Bearer fresh", carrier.received().get(0).header("Authorization"));
    }

    @Test
    void answerThatComesLaterIsServedWithoutTheNetwork() throws Exception {
        guard.decide(request -> new Decision.Later(later));

        CompletableFuture<HttpResponse<String>> response = sendAsyncFromAnotherThread(post("/oauth/token"));
        later.complete(GuardScripts.tokenAnswer(TOKEN_JSON));

        assertEquals(TOKEN_JSON, response.get(30, TimeUnit.SECONDS).body());
        assertTrue(carrier.received().isEmpty());
    }

    @Test
    void callCancelledWhileItsDecisionIsOnItsWayIsNeverSent() throws Exception {
        ExecutorService oneThread = Executors.newSingleThreadExecutor();
        try {
            HttpClient withExecutor = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                    .executor(oneThread).build();
            guard.decide(request -> new Decision.Later(later));

            withExecutor.sendAsync(get("/track"), BodyHandlers.ofString()).cancel(true);
            later.complete(proceedWith("api", "Authorization", "Bearer fresh"));

            // The call goes on on the client's executor: once a task queued after it has run, it has too.
            oneThread.submit(() -> { }).get(30, TimeUnit.SECONDS);
            assertTrue(carrier.received().isEmpty());
        } finally {
            oneThread.shutdown();
        }
    }

    @Test
    void answerThatCannotBeBuiltFailsTheCallAndNeverSendsIt() {
        // A body-less answer: what a bug in tokenguard could hand over; building the response fails.
        guard.decide(request -> new Decision.Answer(new SyntheticResponse(503, "Service Unavailable",
                HttpHeaders.EMPTY.with("X-Tokenguard", "refused; reason=kill-switch"), null)));

        ExecutionException failed = assertThrows(ExecutionException.class,
                () -> client.sendAsync(post("/oauth/token"), BodyHandlers.ofString()).get(30, TimeUnit.SECONDS));

        assertInstanceOf(IOException.class, failed.getCause());
        assertTrue(failed.getCause().getMessage().contains("tokenguard could not build its answer"));
        assertTrue(carrier.received().isEmpty());
    }

    private CompletableFuture<HttpResponse<String>> sendAsyncFromAnotherThread(HttpRequest request) throws Exception {
        // A sendAsync that waited for the decision would not return: the get fails at its deadline.
        return CompletableFuture.supplyAsync(() -> client.sendAsync(request, BodyHandlers.ofString()))
                .get(30, TimeUnit.SECONDS);
    }

    private HttpRequest get(String path) {
        return HttpRequest.newBuilder(URI.create(carrier.url(path))).build();
    }

    private HttpRequest post(String path) {
        return HttpRequest.newBuilder(URI.create(carrier.url(path)))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("grant_type=client_credentials"))
                .build();
    }
}
