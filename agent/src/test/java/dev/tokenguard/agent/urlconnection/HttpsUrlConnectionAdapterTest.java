package dev.tokenguard.agent.urlconnection;

import static dev.tokenguard.agent.ScriptedGuard.answer;
import static dev.tokenguard.agent.ScriptedGuard.proceedWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tokenguard.agent.RawHttpServer;
import dev.tokenguard.agent.ScriptedGuard;
import dev.tokenguard.agent.TestAgent;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import javax.net.ssl.HttpsURLConnection;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HttpsUrlConnectionAdapterTest {

    private static final char[] PASSWORD = "changeit".toCharArray();
    private static SSLContext tls;

    private ScriptedGuard guard;
    private RawHttpServer carrier;

    /** A self-signed certificate for 127.0.0.1, made with the JDK's keytool. */
    @BeforeAll
    static void certificate(@TempDir Path dir) throws Exception {
        Path store = dir.resolve("server.p12");
        Process keytool = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "keytool").toString(),
                "-genkeypair", "-alias", "server", "-keyalg", "EC", "-dname", "CN=127.0.0.1", "-ext", "SAN=ip:127.0.0.1",
                "-validity", "2", "-storetype", "PKCS12", "-keystore", store.toString(), "-storepass", "changeit")
                .redirectErrorStream(true).start();
        assertEquals(0, keytool.waitFor(), new String(keytool.getInputStream().readAllBytes()));
        KeyStore keys = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(store)) {
            keys.load(in, PASSWORD);
        }
        KeyManagerFactory keyManagers = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        keyManagers.init(keys, PASSWORD);
        TrustManagerFactory trustManagers = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        trustManagers.init(keys);
        tls = SSLContext.getInstance("TLS");
        tls.init(keyManagers.getKeyManagers(), trustManagers.getTrustManagers(), null);
    }

    @BeforeEach
    void start() throws IOException {
        guard = TestAgent.guard();
        carrier = new RawHttpServer(tls.getServerSocketFactory());
        guard.carrier("127.0.0.1", carrier.port());
    }

    @AfterEach
    void stop() throws IOException {
        carrier.close();
    }

    @Test
    void guardedConnectionIsAnHttpsConnectionWhoseTlsSettingsAreUsed() throws IOException {
        guard.decide(request -> proceedWith("api", "Authorization", "Bearer t"));
        HttpsURLConnection connection = open(carrier.url("/track"));
        // Trusting the test certificate only through this setting proves that it reaches the real connection.
        connection.setSSLSocketFactory(tls.getSocketFactory());

        assertTrue(connection.getClass().getName().startsWith("dev.tokenguard"));
        assertEquals(200, connection.getResponseCode());
        assertEquals("Bearer t", carrier.received().get(0).header("Authorization"));
        assertNotNull(connection.getCipherSuite());
        assertEquals(1, connection.getServerCertificates().length);
    }

    @Test
    void answeredConnectionHasNoTlsSessionToDescribe() throws IOException {
        guard.decide(request -> answer(200, "OK", "{}"));
        HttpsURLConnection connection = open(carrier.url("/oauth/token"));

        assertThrows(IllegalStateException.class, connection::getCipherSuite, "before the response");
        assertEquals(200, connection.getResponseCode());
        assertThrows(IllegalStateException.class, connection::getCipherSuite);
    }

    private static HttpsURLConnection open(String url) throws IOException {
        return (HttpsURLConnection) URI.create(url).toURL().openConnection();
    }
}
