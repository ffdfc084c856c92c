package dev.tokenguard.demo.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tokenguard.demo.client.http.ClientLibrary;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class ClientOptionsTest {

    @Test
    void defaultsAreTheSeedsScenario() throws Exception {
        ClientOptions options = ClientOptions.parse("--base-url", "http://127.0.0.1:8080/");

        assertEquals("http://127.0.0.1:8080", options.baseUrl());
        assertEquals(CarrierApi.FEDEX, options.carrier());
        assertEquals(ClientLibrary.URLCONNECTION, options.client());
        assertEquals(50, options.users());
        assertEquals(Duration.ofSeconds(20), options.duration());
        assertEquals(Duration.ofMillis(100), options.think());
        assertEquals(new Credentials("demo-client", "demo-secret", null), options.credentials());
    }

    @Test
    void upsTakesItsOwnDemoCredentialsAndAMerchantId() throws Exception {
        ClientOptions options = ClientOptions.parse("--base-url=http://h:1", "--carrier=ups", "--merchant-id", "654321",
                "--client", "apache5-async", "--seconds", "1500ms", "--think", "0");

        assertEquals(new Credentials("demo-ups-client", "demo-ups-secret", "654321"), options.credentials());
        assertEquals(ClientLibrary.APACHE5_ASYNC, options.client());
        assertEquals(Duration.ofMillis(1500), options.duration());
        assertEquals(Duration.ZERO, options.think());
    }

    @Test
    void aBadValueIsReportedWithItsFlag() {
        UsageException e = assertThrows(UsageException.class,
                () -> ClientOptions.parse("--base-url", "http://h:1", "--users", "many"));

        assertEquals("--users must be a positive whole number, got 'many'", e.getMessage());
    }

    @Test
    void anUnknownFlagOrAMissingValueIsReported() {
        assertTrue(assertThrows(UsageException.class, () -> ClientOptions.parse("--base-url", "http://h:1", "--user", "5"))
                .getMessage().startsWith("unknown flag --user"));
        assertEquals("--client needs a value",
                assertThrows(UsageException.class, () -> ClientOptions.parse("--base-url", "http://h:1", "--client"))
                        .getMessage());
    }
}
