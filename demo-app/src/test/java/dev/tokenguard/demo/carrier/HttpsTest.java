package dev.tokenguard.demo.carrier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.concurrent.TimeUnit;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The simulator over HTTPS, with a certificate keytool makes on the spot. */
class HttpsTest {
  private static SelfSignedTls tls;
  private static CarrierSimulator sim;

  @BeforeAll
  static void start() {
    tls = SelfSignedTls.generate();
    sim = CarrierSimulator.builder(SimulatorSettings.defaults()).https(tls).start();
  }

  @AfterAll
  static void stop() {
    sim.close();
  }

  @Test
  void theJdkClientGetsATokenAndUsesItOverHttps() {
    HttpClient http =
        HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).sslContext(tls.clientSslContext()).build();
    SimulatorClient client = new SimulatorClient(sim.httpsBaseUrl(), http);

    assertEquals(200, client.api("/rate/v1/rates/quotes", client.fedexTokenValue()).statusCode());
  }

  @Test
  void okHttpTrustsTheCertificateThroughTheTrustManager() throws Exception {
    OkHttpClient okHttp =
        new OkHttpClient.Builder()
            .sslSocketFactory(tls.clientSslContext().getSocketFactory(), tls.trustManager())
            .build();
    Request request =
        new Request.Builder()
            .url(sim.httpsBaseUrl() + "/oauth/token")
            .post(
                RequestBody.create(
                    SimulatorClient.fedexForm(SimulatorSettings.FEDEX_DEMO_CLIENT, SimulatorSettings.FEDEX_DEMO_SECRET),
                    MediaType.get(SimulatorClient.FORM)))
            .build();

    try (Response response = okHttp.newCall(request).execute()) {
      assertEquals(200, response.code());
    }
  }

  @Test
  void aForkedJvmTrustsTheSimulatorThroughTheTrustStoreProperties() throws Exception {
    Process probe = ForkedJvm.start(HttpsProbe.class, tls.trustStoreSystemProperties(), sim.httpsBaseUrl() + "/__sim/stats");

    assertTrue(probe.waitFor(30, TimeUnit.SECONDS));
    assertEquals(0, probe.exitValue(), new String(probe.getErrorStream().readAllBytes(), StandardCharsets.UTF_8));
  }

  @Test
  void plainHttpKeepsWorkingAlongside() {
    assertEquals(200, new SimulatorClient(sim.baseUrl()).get("/__sim/stats").statusCode());
  }

  @Test
  void theCertificateNamesBothLoopbackNames() throws Exception {
    KeyStore trustStore = KeyStore.getInstance("PKCS12");
    try (InputStream in = Files.newInputStream(tls.trustStorePath())) {
      trustStore.load(in, tls.password().toCharArray());
    }
    X509Certificate certificate = (X509Certificate) trustStore.getCertificate(trustStore.aliases().nextElement());

    assertTrue(certificate.getSubjectAlternativeNames().contains(List.of(7, "127.0.0.1")), "ip:127.0.0.1");
    assertTrue(certificate.getSubjectAlternativeNames().contains(List.of(2, "localhost")), "dns:localhost");
  }
}
