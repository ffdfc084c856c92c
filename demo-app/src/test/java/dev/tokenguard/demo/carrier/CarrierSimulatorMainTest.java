package dev.tokenguard.demo.carrier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The runnable main as a script sees it: a forked JVM, its ready line, its exit codes. */
@Timeout(60)
class CarrierSimulatorMainTest {
  private static final Pattern READY =
      Pattern.compile(
          "carrier-simulator listening on (http://127\\.0\\.0\\.1:\\d+) (https://127\\.0\\.0\\.1:\\d+)"
              + " truststore=(\\S+) truststore-password=(\\S+)");

  @Test
  void aBadFlagExitsWith2AndOneLineNamingIt() throws Exception {
    Process main = ForkedJvm.start(CarrierSimulatorMain.class, List.of(), "--ban", "soon");

    assertTrue(main.waitFor(30, TimeUnit.SECONDS));
    assertEquals(2, main.exitValue());
    assertEquals(
        "carrier-simulator: --ban: expected a duration such as 500ms, 5s, 10m or 2h, got 'soon'\n",
        new String(main.getErrorStream().readAllBytes(), StandardCharsets.UTF_8));
    assertEquals(0, main.getInputStream().readAllBytes().length);
  }

  @Test
  void theReadyLineGivesBothUrlsAndATrustStoreAForkedClientCanUse() throws Exception {
    Process main =
        ForkedJvm.start(
            CarrierSimulatorMain.class, List.of(), "--port", "0", "--https-port", "0", "--token-lifetime", "5s");
    try {
      String line =
          new BufferedReader(new InputStreamReader(main.getInputStream(), StandardCharsets.UTF_8)).readLine();
      Matcher ready = READY.matcher(String.valueOf(line));
      assertTrue(ready.matches(), "ready line: " + line);

      assertEquals(200, new SimulatorClient(ready.group(1)).get("/__sim/stats").statusCode());
      Process probe =
          ForkedJvm.start(
              HttpsProbe.class,
              List.of(
                  "-Djavax.net.ssl.trustStore=" + ready.group(3),
                  "-Djavax.net.ssl.trustStorePassword=" + ready.group(4),
                  "-Djavax.net.ssl.trustStoreType=PKCS12"),
              ready.group(2) + "/__sim/stats");
      assertTrue(probe.waitFor(30, TimeUnit.SECONDS));
      assertEquals(0, probe.exitValue(), new String(probe.getErrorStream().readAllBytes(), StandardCharsets.UTF_8));
    } finally {
      main.destroy();
      main.waitFor(10, TimeUnit.SECONDS);
    }
  }
}
