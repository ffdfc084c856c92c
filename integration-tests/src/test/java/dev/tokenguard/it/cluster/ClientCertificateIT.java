package dev.tokenguard.it.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tokenguard.core.testing.RedisServerProcess;
import dev.tokenguard.demo.carrier.CarrierSimulator;
import dev.tokenguard.demo.carrier.SimulatorSettings;
import dev.tokenguard.it.support.Await;
import dev.tokenguard.it.support.ForkedApp;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * {@code rediss://} against a {@code redis-server --tls-auth-clients yes}: an instance with the
 * {@code tokenguard.store.tls.*} key and trust stores joins the cluster, one without a client
 * certificate falls back to local mode and says so, and one whose key store is missing names the key
 * and the file. The certificates are made by openssl and keytool when the test runs; the passwords come
 * from the environment, the Redis password being one a URL could not hold unencoded. None is ever logged.
 */
class ClientCertificateIT {
    private static final String REDIS_PASSWORD = "r3dis/p@ss:w0rd#";
    private static final String KEY_STORE_PASSWORD = "k3y-store-pw";
    private static final String TRUST_STORE_PASSWORD = "tru5t-store-pw";
    private static final List<String> SECRETS = List.of(REDIS_PASSWORD, KEY_STORE_PASSWORD, TRUST_STORE_PASSWORD);
    private static final String FORM = "grant_type=client_credentials&client_id=" + SimulatorSettings.FEDEX_DEMO_CLIENT
            + "&client_secret=" + SimulatorSettings.FEDEX_DEMO_SECRET;
    private static final Duration WITHIN = Duration.ofSeconds(30);

    @Test
    void aClientCertificateJoinsNoneFallsBackAndAMissingFileIsNamed() throws Exception {
        Path dir = Files.createTempDirectory("tokenguard-redis-mtls");
        run(dir, "openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2", "-subj", "/CN=127.0.0.1",
                "-addext", "subjectAltName=IP:127.0.0.1", "-keyout", "server.key", "-out", "server.crt");
        run(dir, "openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2", "-subj",
                "/CN=tokenguard-client", "-keyout", "client.key", "-out", "client.crt");
        run(dir, "openssl", "pkcs12", "-export", "-in", "client.crt", "-inkey", "client.key", "-out", "client.p12",
                "-passout", "pass:" + KEY_STORE_PASSWORD);
        run(dir, "keytool", "-importcert", "-noprompt", "-alias", "redis", "-file", "server.crt", "-keystore",
                "trust.p12", "-storetype", "PKCS12", "-storepass", TRUST_STORE_PASSWORD);

        try (RedisServerProcess redis = RedisServerProcess.startTlsAuthenticatingClients(dir.resolve("server.crt"),
                        dir.resolve("server.key"), dir.resolve("client.crt"), REDIS_PASSWORD);
                CarrierSimulator sim = CarrierSimulator.start(SimulatorSettings.defaults())) {
            String trustStore = "tokenguard.store.tls.trust-store=" + dir.resolve("trust.p12");
            String trustStorePassword = "tokenguard.store.tls.trust-store-password=${TRUST_STORE_PASSWORD}";
            String keyStorePassword = "tokenguard.store.tls.key-store-password=${KEY_STORE_PASSWORD}";

            try (ForkedApp withCertificate = start(config(sim, redis, "tokenguard.store.tls.key-store="
                    + dir.resolve("client.p12"), keyStorePassword, trustStore, trustStorePassword))) {
                assertEquals(200, tokenStatus(withCertificate, sim));
                Await.until("the token is in Redis", WITHIN,
                        () -> !redis.with(jedis -> jedis.keys("it-mtls:token:*")).isEmpty(), () -> "no token key");
                assertFalse(withCertificate.stderrText().contains("unreachable"), withCertificate.stderrText());
                assertNoSecret(withCertificate);
            }

            try (ForkedApp withoutCertificate = start(config(sim, redis, trustStore, trustStorePassword))) {
                assertEquals(200, tokenStatus(withoutCertificate, sim));
                Await.until("it says it cannot reach Redis", WITHIN,
                        () -> withoutCertificate.stderrText().contains("unreachable ("), () -> "no warning");
                assertNoSecret(withoutCertificate);
            }

            Path missing = dir.resolve("missing.p12");
            try (ForkedApp missingKeyStore = start(config(sim, redis, "tokenguard.store.tls.key-store=" + missing,
                    keyStorePassword, trustStore, trustStorePassword))) {
                assertEquals(200, tokenStatus(missingKeyStore, sim));
                Await.until("it names the key and the file", WITHIN, () -> missingKeyStore.stderrText()
                        .contains("tokenguard.store.tls.key-store " + missing + ": no such file"), () -> "not named");
                assertNoSecret(missingKeyStore);
            }
        }
    }

    private static Path config(CarrierSimulator sim, RedisServerProcess redis, String... storeLines) throws Exception {
        String host = "127.0.0.1:" + sim.httpPort();
        List<String> lines = new ArrayList<>(List.of(
                "carrier.fedex.preset=fedex",
                "carrier.fedex.api-hosts=" + host,
                "carrier.fedex.token-url=http://" + host + "/oauth/token",
                "tokenguard.store=rediss://127.0.0.1:" + redis.tlsPort(),
                "tokenguard.store.password=${REDIS_PASSWORD}",
                "tokenguard.cluster.name=it-mtls"));
        lines.addAll(List.of(storeLines));
        Path config = Files.createTempFile("tokenguard-mtls", ".properties");
        Files.writeString(config, String.join("\n", lines) + "\n");
        return config;
    }

    private static ForkedApp start(Path config) throws Exception {
        return ForkedApp.builder().agentConfig(config).env("REDIS_PASSWORD", REDIS_PASSWORD)
                .env("KEY_STORE_PASSWORD", KEY_STORE_PASSWORD).env("TRUST_STORE_PASSWORD", TRUST_STORE_PASSWORD)
                .start();
    }

    private static int tokenStatus(ForkedApp app, CarrierSimulator sim) throws Exception {
        JsonNode reply = app.send(Map.of("op", "call", "client", "urlconnection", "method", "POST",
                "url", sim.baseUrl() + "/oauth/token", "contentType", "application/x-www-form-urlencoded",
                "body", FORM, "parallel", 1));
        return reply.path("replies").get(0).path("status").asInt();
    }

    private static void assertNoSecret(ForkedApp app) throws Exception {
        String log = app.stderrText();
        for (String secret : SECRETS) {
            assertFalse(log.contains(secret), "a password in the log: " + log);
        }
    }

    private static void run(Path dir, String... command) throws Exception {
        Process process = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
        byte[] output = process.getInputStream().readAllBytes();
        if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
            throw new IllegalStateException(String.join(" ", command) + " failed: " + new String(output));
        }
    }
}
