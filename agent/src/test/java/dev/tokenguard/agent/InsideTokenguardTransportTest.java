package dev.tokenguard.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tokenguard.core.http.Decision;
import dev.tokenguard.core.http.HttpHeaders;
import dev.tokenguard.core.transport.SocketTokenTransport;
import dev.tokenguard.core.transport.TokenTransport;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class InsideTokenguardTransportTest {

    @Test
    void brokersOwnTokenCallReachesTheCarrierUnjudged() throws Exception {
        ScriptedGuard guard = TestAgent.guard();
        try (RawHttpServer carrier = new RawHttpServer()) {
            carrier.respond(200, "OK", "{\"access_token\":\"real\"}");
            guard.carrier("127.0.0.1", carrier.port())
                    .decide(request -> ScriptedGuard.answer(503, "Service Unavailable", ""));
            TokenTransport transport = new InsideTokenguardTransport(new SocketTokenTransport(Duration.ofSeconds(5)));

            TokenTransport.Response response = transport.post(URI.create(carrier.url("/oauth/token")),
                    HttpHeaders.EMPTY.with("Content-Type", "application/x-www-form-urlencoded"),
                    "grant_type=client_credentials".getBytes(StandardCharsets.UTF_8), Duration.ofSeconds(5));

            assertEquals(200, response.status());
            assertEquals(1, carrier.received().size());
            assertTrue(guard.decided.isEmpty());
        }
    }
}
