package dev.tokenguard.it.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tokenguard.core.testing.RedisServerProcess;
import dev.tokenguard.demo.carrier.CarrierSimulator;
import dev.tokenguard.demo.carrier.SelfSignedTls;
import dev.tokenguard.demo.carrier.SimulatorSettings;
import dev.tokenguard.it.support.Await;
import dev.tokenguard.it.support.ForkedApp;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * {@code rediss://} with a password: an instance whose default SSL context trusts the server's
 * certificate ({@code javax.net.ssl.trustStore}) joins the cluster; one that does not falls back to
 * local mode, says so, and serves tokens all the same. Neither ever logs the password.
 */
class TlsAndPasswordIT {
    private static final String PASSWORD = "r3dis-pa55word";
    private static final String FORM = "grant_type=client_credentials&client_id=" + SimulatorSettings.FEDEX_DEMO_CLIENT
            + "&client_secret=" + SimulatorSettings.FEDEX_DEMO_SECRET;
    private static final Duration WITHIN = Duration.ofSeconds(30);

    @Test
    void anInstanceTrustingTheCertificateJoinsOverTlsAndOneThatDoesNotFallsBack() throws Exception {
        SelfSignedTls tls = SelfSignedTls.generate();
        Path dir = Files.createTempDirectory("tokenguard-redis-tls");
        Path certificate = dir.resolve("certificate.pem");
        Path key = dir.resolve("key.pem");
        writePem(tls, certificate, key);
        try (RedisServerProcess redis = RedisServerProcess.startTls(certificate, key,
                        tls.clientSslContext().getSocketFactory(), PASSWORD);
                CarrierSimulator sim = CarrierSimulator.start(SimulatorSettings.defaults())) {
            Path config = config(sim, redis.port());

            try (ForkedApp trusting = start(config, tls.trustStoreSystemProperties())) {
                assertEquals(200, tokenStatus(trusting, sim));
                Await.until("the token is in Redis", WITHIN,
                        () -> !redis.with(jedis -> jedis.keys("it-tls:token:*")).isEmpty(), () -> "no token key");
                assertFalse(trusting.stderrText().contains("unreachable"), trusting.stderrText());
                assertFalse(trusting.stderrText().contains(PASSWORD), "the password is never logged");
            }

            try (ForkedApp untrusting = start(config, List.of())) {
                assertEquals(200, tokenStatus(untrusting, sim));
                Await.until("it says it cannot reach Redis", WITHIN,
                        () -> untrusting.stderrText().contains("unreachable ("), () -> "no warning");
                assertFalse(untrusting.stderrText().contains(PASSWORD), "the password is never logged");
            }
        }
    }

    private static Path config(CarrierSimulator sim, int redisPort) throws Exception {
        String host = "127.0.0.1:" + sim.httpPort();
        Path config = Files.createTempFile("tokenguard-tls", ".properties");
        Files.writeString(config, String.join("\n", List.of(
                "carrier.fedex.preset=fedex",
                "carrier.fedex.api-hosts=" + host,
                "carrier.fedex.token-url=http://" + host + "/oauth/token",
                "tokenguard.store=rediss://:" + PASSWORD + "@127.0.0.1:" + redisPort,
                "tokenguard.cluster.name=it-tls", "")));
        return config;
    }

    private static ForkedApp start(Path config, List<String> jvmArgs) throws Exception {
        ForkedApp.Builder builder = ForkedApp.builder().agentConfig(config);
        jvmArgs.forEach(builder::jvmArg);
        return builder.start();
    }

    private static int tokenStatus(ForkedApp app, CarrierSimulator sim) throws Exception {
        JsonNode reply = app.send(Map.of("op", "call", "client", "urlconnection", "method", "POST",
                "url", sim.baseUrl() + "/oauth/token", "contentType", "application/x-www-form-urlencoded",
                "body", FORM, "parallel", 1));
        return reply.path("replies").get(0).path("status").asInt();
    }

    /** The simulator's generated key pair as the PEM files redis-server reads. */
    private static void writePem(SelfSignedTls tls, Path certificate, Path key) throws Exception {
        KeyStore store = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(tls.keyStorePath())) {
            store.load(in, tls.password().toCharArray());
        }
        String alias = store.aliases().nextElement();
        Base64.Encoder pem = Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII));
        Files.writeString(certificate, "-----BEGIN CERTIFICATE-----\n"
                + pem.encodeToString(store.getCertificate(alias).getEncoded()) + "\n-----END CERTIFICATE-----\n");
        Files.writeString(key, "-----BEGIN PRIVATE KEY-----\n"
                + pem.encodeToString(store.getKey(alias, tls.password().toCharArray()).getEncoded())
                + "\n-----END PRIVATE KEY-----\n");
    }
}
